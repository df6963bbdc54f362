/**
 * Export a report of what the page shows — a run (optionally against a baseline), N runs, or a
 * sweep — in the app's language. In a browser the file is downloaded; in the desktop app it goes
 * through the save dialog (CSV tables as the zip's real bytes). PDF is the HTML report printed: the
 * desktop app prints it to a PDF file in its main process (printToPDF); a browser opens its print
 * dialog (Save as PDF) from a frame that cannot run scripts.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportedFile, ReportFormat } from '../../../core/contract/files.ts';
import { type LabClient } from '../../../core/contract/index.ts';
import { saveExported } from '../files.ts';
import { useLab } from '../lab.tsx';
import { ErrorBox } from './ErrorBox.tsx';
import { savedKey, useFileAction } from './file-action.ts';

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

/** The PDF's suggested name: the HTML report's, ending in .pdf. */
const pdfName = (htmlName: string) => `${htmlName.replace(/\.html?$/i, '')}.pdf`;

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
  const { busy, message, error, setMessage, perform } = useFileAction();
  const frame = useRef<HTMLIFrameElement>(null);
  const lang = i18n.language === 'sv' ? 'sv' : 'en';
  const baselines = subject.kind === 'run' ? (subject.baselines ?? []) : [];

  const run = () =>
    perform(t('working'), async () => {
      const f = await request(lab, subject, format === 'pdf' ? 'html' : format, lang, baseline);
      if (format === 'pdf') {
        if (f.encoding !== 'text') throw new Error('The report came back without HTML');
        if (window.pvlab) {
          setMessage(t('printingPdf'));
          const name = pdfName(f.fileName);
          const saved = await window.pvlab.printReport({ title: t('export'), defaultName: name, html: f.text });
          return saved ? t('saved', { name }) : t('cancelled');
        }
        if (!frame.current) throw new Error('The print frame is missing');
        printHtml(f.text, frame.current);
        return t('printing');
      }
      const key = savedKey(await saveExported(f, t('export')));
      return key ? t(key, { name: f.fileName }) : t('cancelled');
    });

  return (
    <div className="report-export">
      <div className="toolbar">
        <label>
          {t('label')}{' '}
          <select aria-label={t('format')} value={format} onChange={(e) => setFormat(e.target.value as Choice)}>
            {CHOICES.map((c) => <option key={c} value={c}>{t(`formats.${c}`)}</option>)}
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
      {format === 'pdf' && !message && <p className="muted">{t(desktop ? 'pdfHintDesktop' : 'pdfHint')}</p>}
      <ErrorBox error={error} />
      {!desktop && <iframe ref={frame} title={t('formats.pdf')} sandbox="allow-same-origin allow-modals" className="report-print-frame" aria-hidden="true" tabIndex={-1}
        style={{ position: 'absolute', width: 0, height: 0, border: 0, visibility: 'hidden' }} />}
    </div>
  );
}
