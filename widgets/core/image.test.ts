import { expect } from '@open-wc/testing';
import { reencodeImage } from './image.ts';

const canvasBlob = (canvas: HTMLCanvasElement, type: string) => new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), type, 0.9));

function picture(width: number, height: number, noise = false): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  if (noise) {
    const data = context.createImageData(width, height);
    for (let i = 0; i < data.data.length; i++) data.data[i] = ((i * 2654435761) % 251) ^ ((i >> 3) % 255);
    context.putImageData(data, 0, 0);
  } else {
    for (let x = 0; x < width; x += 9) {
      context.fillStyle = `hsl(${x % 360} 70% 50%)`;
      context.fillRect(x, 0, 9, height);
    }
  }
  return canvas;
}

/** A JPEG carrying an EXIF segment (APP1) right after its start marker, with a GPS position in it. */
async function jpegWithExif(secret: string): Promise<Blob> {
  const jpeg = new Uint8Array(await (await canvasBlob(picture(640, 480), 'image/jpeg')).arrayBuffer());
  const payload = new TextEncoder().encode(`Exif\0\0${secret}`);
  const segment = new Uint8Array([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload]);
  return new Blob([jpeg.slice(0, 2), segment, jpeg.slice(2)], { type: 'image/jpeg' });
}

const contains = async (blob: Blob, text: string) => new TextDecoder('latin1').decode(await blob.arrayBuffer()).includes(text);

describe('reencodeImage', () => {
  it('draws only the pixels: the metadata of the file (EXIF, GPS) is not in what is sent', async () => {
    const original = await jpegWithExif('GPS 48.6989N 2.4511E Montjoli');
    expect(await contains(original, 'GPS 48.6989N'), 'the test picture carries the position').to.equal(true);
    const sent = await reencodeImage(original, { maxSide: 2048, fits: (b) => b.size <= 1_000_000 });
    expect(sent.type).to.match(/^image\/(webp|png|jpeg)$/);
    expect(await contains(sent, 'GPS 48.6989N')).to.equal(false);
    const bitmap = await createImageBitmap(sent);
    expect([bitmap.width, bitmap.height]).to.deep.equal([640, 480]);
  });

  it('scales down to the longest side, keeping the proportions, never up', async () => {
    const large = await reencodeImage(await canvasBlob(picture(3000, 1000), 'image/png'), { maxSide: 1500, fits: () => true });
    const small = await reencodeImage(await canvasBlob(picture(300, 200), 'image/png'), { maxSide: 1500, fits: () => true });
    expect([(await createImageBitmap(large)).width, (await createImageBitmap(large)).height]).to.deep.equal([1500, 500]);
    expect([(await createImageBitmap(small)).width, (await createImageBitmap(small)).height]).to.deep.equal([300, 200]);
  });

  it('says when the picture stays too large, and refuses what is not a picture it can redraw', async () => {
    const noisy = await canvasBlob(picture(800, 800, true), 'image/png');
    const tooBig = await reencodeImage(noisy, { maxSide: 2048, fits: (b) => b.size <= 20_000 }).catch((error: unknown) => error);
    expect(tooBig).to.be.instanceOf(RangeError);
    const svg = new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>'], { type: 'image/svg+xml' });
    expect(await reencodeImage(svg, { fits: () => true }).catch((error: unknown) => error)).to.be.instanceOf(TypeError);
  });
});
