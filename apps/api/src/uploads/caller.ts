/** Who is uploading: a device key names both; a dashboard session has no device. */
export interface Caller {
  userId: string;
  deviceId: string | null;
}
