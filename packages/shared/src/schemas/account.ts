import { z } from 'zod';
import { deviceNameSchema } from './devices.js';

export const renameDeviceInputSchema = z.object({ deviceId: z.string().max(64), name: deviceNameSchema });
export type RenameDeviceInput = z.infer<typeof renameDeviceInputSchema>;
