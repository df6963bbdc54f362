/**
 * The app's icons, rendered from the one source image electron/resources/icon.svg:
 *   node scripts/icons.ts           write electron/resources/icon.icns, icon.ico and icons/NxN.png
 *   node scripts/icons.ts --check   exit 1 when a committed file differs from what the SVG renders
 * Rendering is resvg (a registry package with its own prebuilt renderer, no system libraries);
 * the ICO and ICNS containers are written by scripts/icon-formats.ts. The outputs are committed,
 * so packaging never needs this script, only a changed logo does.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { ICNS_TYPES, ICO_SIZES, LINUX_SIZES, type Rendered, encodeIcns, encodeIco } from './icon-formats.ts';

export const RESOURCES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'electron', 'resources');
export const SOURCE = join(RESOURCES, 'icon.svg');

function render(svg: Buffer, size: number): Rendered {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false }, logLevel: 'off' }).render();
  if (image.width !== size || image.height !== size) throw new Error(`icon.svg rendered as ${image.width}x${image.height} at size ${size}: it must be square`);
  return { size, png: image.asPng(), premultipliedRgba: image.pixels };
}

/** Every icon file, by its path under electron/resources, as the SVG renders it now. */
export function renderIcons(svg: Buffer): Map<string, Buffer> {
  const sizes = new Set<number>([...ICO_SIZES, ...LINUX_SIZES, ...ICNS_TYPES.map(([, size]) => size)]);
  const images = new Map([...sizes].map((size) => [size, render(svg, size)]));
  const at = (size: number) => images.get(size)!;
  const files = new Map<string, Buffer>();
  files.set('icon.ico', encodeIco(ICO_SIZES.map(at)));
  files.set('icon.icns', encodeIcns((size) => at(size).png));
  for (const size of LINUX_SIZES) files.set(join('icons', `${size}x${size}.png`), at(size).png);
  return files;
}

/** The files that differ from (or are missing beside) what the SVG renders now. */
export function staleIcons(): string[] {
  return [...renderIcons(readFileSync(SOURCE))].filter(([file, bytes]) => {
    const path = join(RESOURCES, file);
    return !existsSync(path) || !readFileSync(path).equals(bytes);
  }).map(([file]) => file);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = staleIcons();
    if (stale.length > 0) {
      process.stderr.write(`These icons differ from what electron/resources/icon.svg renders: ${stale.join(', ')}.\nRun: npm run icons\n`);
      process.exit(1);
    }
    process.stdout.write('The icons match electron/resources/icon.svg.\n');
  } else {
    for (const [file, bytes] of renderIcons(readFileSync(SOURCE))) {
      mkdirSync(dirname(join(RESOURCES, file)), { recursive: true });
      writeFileSync(join(RESOURCES, file), bytes);
      process.stdout.write(`wrote electron/resources/${file} (${bytes.length} bytes)\n`);
    }
  }
}
