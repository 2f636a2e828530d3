/** JOSE base64 helpers with libtrust's tolerance: unpadded base64url, newlines and spaces ignored. */

const BASE64URL_BODY = /^[A-Za-z0-9_-]*$/;
const BASE64_STD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function joseBase64UrlEncode(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Decodes unpadded base64url; undefined when the text is not base64url (libtrust's joseBase64UrlDecode). */
export function joseBase64UrlDecode(text: string): Buffer | undefined {
  const compact = text.replace(/[\n ]/g, '');
  if (compact.length % 4 === 1 || !BASE64URL_BODY.test(compact)) return undefined;
  return Buffer.from(compact, 'base64url');
}

/** Decodes padded standard base64 (Go's base64.StdEncoding, as used for x5c entries). */
export function standardBase64Decode(text: string): Buffer | undefined {
  if (!BASE64_STD.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}
