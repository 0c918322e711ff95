import { z } from 'zod';
import { errorCodeList } from '../error-codes.js';

/** Every HTTP error body on `/api/*`: `{ error: { code, message } }`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodeList),
    message: z.string(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
