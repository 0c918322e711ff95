import type { Sharp } from 'sharp';

/**
 * Applies an EXIF orientation (1–8) given from elsewhere: a raw file's preview JPEG carries none
 * of its own, so sharp's automatic `.rotate()` would leave it sideways.
 */
export function applyOrientation(image: Sharp, orientation: number): Sharp {
  switch (orientation) {
    case 2:
      return image.flop();
    case 3:
      return image.rotate(180);
    case 4:
      return image.flip();
    // sharp always mirrors before it rotates, whatever the call order.
    case 5:
      return image.rotate(270).flop();
    case 6:
      return image.rotate(90);
    case 7:
      return image.rotate(90).flop();
    case 8:
      return image.rotate(270);
    default:
      return image;
  }
}
