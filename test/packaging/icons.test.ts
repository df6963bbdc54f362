// The app's icons are what electron/resources/icon.svg renders (scripts/icons.ts), in the sizes and
// containers electron-builder.yml points at: an .ico for Windows, an .icns for macOS, PNGs for Linux.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, ICO_SIZES, LINUX_SIZES, pngSize, readIcns, readIco } from '../../scripts/icon-formats.ts';
import { RESOURCES, staleIcons } from '../../scripts/icons.ts';

describe('the app icons', () => {
  it('match the source image (run `npm run icons` after editing icon.svg)', () => {
    expect(staleIcons()).toEqual([]);
  });

  it('hold every size electron-builder and the installers ask for', () => {
    expect(readIco(readFileSync(join(RESOURCES, 'icon.ico')))).toEqual(
      ICO_SIZES.map((size) => expect.objectContaining({ size, format: size >= 256 ? 'png' : 'dib' })),
    );
    expect(readIcns(readFileSync(join(RESOURCES, 'icon.icns')))).toEqual(ICNS_TYPES.map(([type, width]) => ({ type, width })));
    for (const size of LINUX_SIZES) {
      expect(pngSize(readFileSync(join(RESOURCES, 'icons', `${size}x${size}.png`)))).toEqual({ width: size, height: size });
    }
  });

  it('are the files electron-builder.yml names', () => {
    const config = readFileSync(join(RESOURCES, '..', '..', 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(/^\s+icon: electron\/resources\/icon\.icns$/m);
    expect(config).toMatch(/^\s+icon: electron\/resources\/icon\.ico$/m);
    expect(config).toMatch(/^\s+icon: electron\/resources\/icons$/m);
  });
});
