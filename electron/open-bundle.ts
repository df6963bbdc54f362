/**
 * Opening a PV Lab bundle with the app: a double-clicked `.pvrun` or `.pvscenario` (the
 * installers associate both) arrives as a command-line argument (Windows, Linux: at start, or in
 * the running instance's 'second-instance' argv) or as macOS's 'open-file' event. Main reads the
 * file (with the import's size limit) and hands the page its bytes as an `open-bundle` command; the
 * page imports it as its Import bundle… button does, so every hash is checked there.
 */
import * as path from 'node:path';
import type { MenuCommand } from '../core/contract/index.ts';
import { isBundleName } from '../core/contract/files.ts';
import { MAX_BINARY_FILE_BYTES, readFileCapped } from './files.ts';

/**
 * The bundles named on a command line (the app's own argv or a second instance's), resolved
 * against the folder it was started in. Switches (`--…`) and everything else are ignored.
 */
export function bundleArgs(argv: readonly string[], cwd: string): string[] {
  return argv.filter((a) => !a.startsWith('-') && isBundleName(a)).map((a) => path.resolve(cwd, a));
}

/** The page's command for a bundle file, or an error message a dialog can show. */
export async function openBundleCommand(file: string): Promise<MenuCommand | { error: string }> {
  try {
    const bytes = await readFileCapped(file, MAX_BINARY_FILE_BYTES, 'Import a bundle this large with the command line: pvlab bundle import FILE.');
    return { type: 'open-bundle', name: path.basename(file), base64: bytes.toString('base64') };
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (e as Error).message;
    return { error: `PV Lab cannot open ${file}: ${why}` };
  }
}

/**
 * Files to open, held until the page can take them: those given at start arrive before the window
 * has loaded. `flush` sends them once it has (and at once afterwards).
 */
export class BundleInbox {
  private readonly pending: string[] = [];
  private ready = false;
  private readonly deliver: (file: string) => void;

  constructor(deliver: (file: string) => void) {
    this.deliver = deliver;
  }

  add(files: readonly string[]): void {
    if (this.ready) for (const f of files) this.deliver(f);
    else this.pending.push(...files);
  }

  /** The page has loaded (again: a reload empties nothing twice). */
  pageReady(): void {
    this.ready = true;
    for (const f of this.pending.splice(0)) this.deliver(f);
  }

  /** The window went away: hold files until the next one has loaded. */
  pageGone(): void {
    this.ready = false;
  }
}
