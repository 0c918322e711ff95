import { deviceNameSchema, deviceSchema, newDeviceSchema, renameDeviceInputSchema } from '@keepsake/shared';
import { z } from 'zod';
import { addDevice, listDevices, renameDevice, revokeDevice } from '../../devices/devices.js';
import { authedProcedure, router } from '../init.js';

export const deviceRouter = router({
  list: authedProcedure.output(z.array(deviceSchema)).query(({ ctx }) => listDevices(ctx.db, ctx.user.id)),
  add: authedProcedure
    .input(z.object({ name: deviceNameSchema }))
    .output(newDeviceSchema)
    .mutation(({ ctx, input }) => addDevice(ctx.db, ctx.user.id, input.name)),
  rename: authedProcedure
    .input(renameDeviceInputSchema)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => {
      renameDevice(ctx.db, ctx.user.id, input.deviceId, input.name);
      return { ok: true as const };
    }),
  revoke: authedProcedure
    .input(z.object({ deviceId: z.string() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => {
      revokeDevice(ctx.db, ctx.user.id, input.deviceId);
      return { ok: true as const };
    }),
});
