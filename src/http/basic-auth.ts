/** Basic authentication shared by both protocols: each router asks it and renders the 401 its own way. */
import type { Request, Response } from 'express';
import { RegistryError } from '../errors/registry-error';

export interface BasicAuth {
  readonly realm: string;
  verify(authorization: string | undefined): boolean;
}

/** throws UNAUTHORIZED (with the Basic challenge set on the response) unless the request carries valid credentials */
export function requireBasicAuth(auth: BasicAuth | undefined, req: Request, res: Response): void {
  if (!auth || auth.verify(req.get('authorization'))) return;
  res.set('WWW-Authenticate', `Basic realm="${auth.realm.replace(/"/g, '')}"`);
  throw new RegistryError('UNAUTHORIZED');
}
