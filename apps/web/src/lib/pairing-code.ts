import QRCode from 'qrcode';

/**
 * What the phone scans to pair: the server's address and the device key. JSON rather than a
 * URL, so a generic QR scanner shows it instead of opening it in a browser (and sending the key
 * to whatever search engine the browser uses).
 */
export function pairingPayload(server: string, key: string): string {
  return JSON.stringify({ keepsake: 1, server, key });
}

export function pairingQrDataUrl(payload: string): Promise<string> {
  return QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 264 });
}

/** A phone on the network cannot reach "localhost"; the page should say so. */
export function unreachableFromPhone(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
}
