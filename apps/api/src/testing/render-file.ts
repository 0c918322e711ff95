import sharp from 'sharp';
import { type Derivatives, renderDerivatives } from '../media/render-derivatives.js';

/** Thumbnail, preview and ThumbHash of an image file, made as the pipeline makes them (for seeding test data). */
export function renderFile(file: string): Promise<Derivatives> {
  return renderDerivatives(sharp(file), { autoOrient: true });
}
