/**
 * Export a report of what the page shows — a run (optionally against a baseline), N runs, or a
 * sweep — in the app's language. In a browser the file is downloaded; in the desktop app it goes
 * through the save dialog. PDF is the HTML report printed: it opens in the print dialog (Save as
 * PDF) from a frame that cannot run scripts.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportedFile, ReportFormat } from '../../../core/contract/files.ts';
import { type LabClient } from '../../../core/contract/index.ts';
import { useLab } from '../lab.tsx';
import { ErrorBox } from './ErrorBox.tsx';

export type ReportSubject =
  | { kind: 'run'; runId: number; baselines?: { id: number; title: string }[] }
  | { kind: 'compare'; runIds: number[] }
  | { kind: 'sweep'; tag: string };

type Choice = ReportFormat | 'pdf';
const CHOICES: Choice[] = ['html', 'pdf', 'md', 'csv', 'json'];

function request(lab: LabClient, s: ReportSubject, format: ReportFormat, lang: 'en' | 'sv', baseline: number | null): Promise<ExportedFile> {
  if (s.kind === 'run') return lab.call('reports.run', { runId: s.runId, format, lang, ...(baseline !== null ? { baseline } : {}) });
  if (s.kind === 'compare') return lab.call('reports.compare', { runIds: s.runIds, format, lang });
  return lab.call('reports.sweep', { tag: s.tag, format, lang });
}

function blobOf(f: ExportedFile): Blob {
  if (f.encoding === 'text') return new Blob([f.text], { type: `${f.mime};charset=utf-8` });
  if (f.encoding === 'base64') return new Blob([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], { type: f.mime });
  throw new Error(`The report was written to ${f.path}`);
}

/** The browser's download of a file the page made. */
function download(f: ExportedFile): void {
  const url = URL.createObjectURL(blobOf(f));
  const a = document.createElement('a');
  a.href = url;
  a.download = f.fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Print HTML from a hidden frame. The frame may not run scripts (the report has none, and its own
 * Content-Security-Policy forbids them); same-origin lets this page call print() on it.
 */
function printHtml(html: string, frame: HTMLIFrameElement): void {
  frame.onload = () => {
    frame.contentWindow?.focus();
    frame.contentWindow?.print();
    frame.dataset.printed = 'true';
  };
  frame.dataset.printed = 'false';
  frame.srcdoc = html;
}

export function ExportReport({ subject }: { subject: ReportSubject }) {
  const { t, i18n } = useTranslation('report');
  const lab = useLab();
  const desktop = Boolean(window.pvlab);
  const [format, setFormat] = useState<Choice>('html');
  const [baseline, setBaseline] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const lang = i18n.language === 'sv' ? 'sv' : 'en';
  const choices = CHOICES.filter((c) => !(desktop && c === 'csv'));
  const baselines = subject.kind === 'run' ? (subject.baselines ?? []) : [];

  const run = async () => {
    setBusy(true);
    setError(null);
    setMessage(t('working'));
    try {
      const f = await request(lab, subject, format === 'pdf' ? 'html' : format, lang, baseline);
      if (format === 'pdf') {
        if (f.encoding !== 'text' || !frame.current) throw new Error('The report came back without HTML');
        printHtml(f.text, frame.current);
        setMessage(t('printing'));
      } else if (window.pvlab) {
        if (f.encoding !== 'text') throw new Error(t('csvDesktop'));
        const saved = await window.pvlab.saveFile({ title: t('export'), defaultName: f.fileName, text: f.text });
        setMessage(saved ? t('saved', { name: f.fileName }) : t('cancelled'));
      } else {
        download(f);
        setMessage(t('downloaded', { name: f.fileName }));
      }
    } catch (e) {
      setMessage('');
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="report-export">
      <div className="toolbar">
        <label>
          {t('label')}{' '}
          <select aria-label={t('format')} title={desktop ? t('csvDesktop') : undefined} value={format} onChange={(e) => setFormat(e.target.value as Choice)}>
            {choices.map((c) => <option key={c} value={c}>{t(`formats.${c}`)}</option>)}
          </select>
        </label>
        {baselines.length > 0 && (
          <label>
            {t('baseline')}{' '}
            <select aria-label={t('baseline')} value={baseline ?? ''} onChange={(e) => setBaseline(e.target.value ? Number(e.target.value) : null)}>
              <option value="">{t('noBaseline')}</option>
              {baselines.map((b) => <option key={b.id} value={b.id}>#{b.id} {b.title}</option>)}
            </select>
          </label>
        )}
        <button onClick={() => void run()} disabled={busy} title={t('language')}>{t('export')}</button>
        {message && <span className="muted" role="status">{message}</span>}
      </div>
      {format === 'pdf' && !message && <p className="muted">{t('pdfHint')}</p>}
      <ErrorBox error={error} />
      <iframe ref={frame} title={t('formats.pdf')} sandbox="allow-same-origin allow-modals" className="report-print-frame" aria-hidden="true" tabIndex={-1}
        style={{ position: 'absolute', width: 0, height: 0, border: 0, visibility: 'hidden' }} />
    </div>
  );
}
