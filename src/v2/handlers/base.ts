import type { V2Handler } from '../context';

/** GET /v2/: the API version check every client starts with */
export const getBase: V2Handler = async (_ctx, _req, res) => {
  res.status(200).json({});
};
