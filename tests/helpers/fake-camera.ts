import fs from 'node:fs';
import { PNG } from 'pngjs';

/**
 * A camera for headless Chromium that sees `png` (a ticket's QR as mailed) held up in the middle
 * of a white frame: a Y4M video file for --use-file-for-fake-video-capture. Chromium plays it in a
 * loop as the only camera; the page reads it like a phone's.
 */
export function cameraSeeing(png: Buffer, file: string, width = 640, height = 480): string {
  const image = PNG.sync.read(png);
  const scale = Math.max(1, Math.floor(Math.min((width * 0.8) / image.width, (height * 0.8) / image.height)));
  const left = Math.floor((width - image.width * scale) / 2);
  const top = Math.floor((height - image.height * scale) / 2);
  const luma = Buffer.alloc(width * height, 255);
  for (let y = 0; y < image.height * scale; y++) {
    for (let x = 0; x < image.width * scale; x++) {
      const at = (Math.floor(y / scale) * image.width + Math.floor(x / scale)) * 4;
      const [r, g, b, a] = [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!, image.data[at + 3]! / 255];
      // Composited over white, as the image shows on a screen or paper.
      luma[(top + y) * width + left + x] = Math.round((0.299 * r + 0.587 * g + 0.114 * b) * a + 255 * (1 - a));
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F5:1 Ip A1:1 C420jpeg\n`), frame, frame]));
  return file;
}
