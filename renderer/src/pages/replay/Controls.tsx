/** Replay transport: play/pause at a speed, step ±1, next/previous match, continue to a breakpoint, and the shortcut help. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFmt } from '../run/format.ts';

export const SPEEDS = [1, 10, 100, 1000, 10000] as const;

export interface ControlsProps {
  playing: boolean;
  onPlay: () => void;
  speed: number;
  onSpeed: (s: number) => void;
  onStep: (d: number) => void;
  onFind: (direction: 1 | -1) => void;
  onContinue: () => void;
  selected: number;
  total: number;
  /** Simulated time of the selected event, once loaded. */
  at: number | null;
  onGo: (index: number) => void;
}

export const SHORTCUTS: [keys: string, action: string][] = [
  ['Space', 'play'], ['← / →', 'step'], ['Shift + ← / →', 'step100'], ['Home / End', 'ends'], ['n / Shift + n', 'next'],
  ['b', 'breakpoint'], ['c', 'continue'], ['+ / −', 'zoom'], ['?', 'help'],
];

export function Help() {
  const { t } = useTranslation('replay');
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === '?' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) setOpen((o) => !o);
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <span className="rp-help">
      <button ref={button} aria-expanded={open} aria-controls="rp-help-pop" onClick={() => setOpen(!open)}>{t('help.button')}</button>
      {open && (
        <div id="rp-help-pop" className="rp-popover panel" role="dialog" aria-label={t('help.title')}>
          <h3 className="rp-h3">{t('help.title')}</h3>
          <table>
            <tbody>
              {SHORTCUTS.map(([keys, action]) => (
                <tr key={action}>
                  <th scope="row"><kbd>{keys}</kbd></th>
                  <td>{t(`help.${action}`)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row"><kbd>{t('help.timelineKeys')}</kbd></th>
                <td>{t('help.timeline')}</td>
              </tr>
            </tbody>
          </table>
          <button onClick={() => (setOpen(false), button.current?.focus())}>{t('common:close')}</button>
        </div>
      )}
    </span>
  );
}

export function Controls(p: ControlsProps) {
  const { t } = useTranslation('replay');
  const f = useFmt();
  const [goTo, setGoTo] = useState('');
  return (
    <div className="toolbar rp-controls" role="toolbar" aria-label={t('controls.label')}>
      <span className="rp-at" title={t('controls.selected')}>
        {t('controls.at', { index: f.num(p.selected, 0), total: f.num(p.total, 0) })}
        {p.at !== null && <span className="muted"> · {f.ns(p.at)}</span>}
      </span>
      <button onClick={() => p.onGo(0)} disabled={p.selected === 0} aria-label={t('controls.first')} title={t('controls.first')}>|◀︎</button>
      <button onClick={() => p.onStep(-1)} disabled={p.selected === 0} aria-label={t('controls.back')} title={t('controls.back')}>◀︎ 1</button>
      <button className="primary rp-play" onClick={p.onPlay} aria-pressed={p.playing}>{p.playing ? t('controls.pause') : t('controls.play')}</button>
      <button onClick={() => p.onStep(1)} disabled={p.selected >= p.total - 1} aria-label={t('controls.forward')} title={t('controls.forward')}>1 ▶︎</button>
      <button onClick={() => p.onGo(p.total - 1)} disabled={p.selected >= p.total - 1} aria-label={t('controls.last')} title={t('controls.last')}>▶︎|</button>
      <label>
        {t('controls.speed')}{' '}
        <select aria-label={t('controls.speed')} value={p.speed} onChange={(e) => p.onSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>{t('controls.perSec', { n: f.num(s, 0) })}</option>
          ))}
        </select>
      </label>
      <button onClick={() => p.onFind(-1)} aria-label={t('controls.prevMatch')} title={t('controls.prevMatch')}>◀︎ {t('controls.match')}</button>
      <button onClick={() => p.onFind(1)} aria-label={t('controls.nextMatch')} title={t('controls.nextMatch')}>{t('controls.match')} ▶︎</button>
      <button onClick={p.onContinue}>{t('controls.continue')}</button>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(goTo);
          if (Number.isInteger(n)) p.onGo(n);
        }}
      >
        <label>
          {t('controls.event')}{' '}
          <input aria-label={t('controls.event')} className="rp-goto" inputMode="numeric" value={goTo} placeholder={String(p.selected)} onChange={(e) => setGoTo(e.target.value)} />
        </label>
        <button type="submit">{t('controls.go')}</button>
      </form>
      <Help />
    </div>
  );
}
