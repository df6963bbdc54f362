/** Small building blocks of the scenario and hardware pages: a labelled field with its errors, badges, a dialog, a progress bar. */
import { type ReactElement, type ReactNode, cloneElement, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AddonStatus } from '../../../../core/model/index.ts';
import { statusTone } from './addons.ts';
import { numberField } from './draft.ts';

/** A control with its visible label and the messages the service gave for it (linked to the control for screen readers). */
export function Field({ label, errors, hint, children, wide }: { label: string; errors?: readonly string[] | undefined; hint?: string | undefined; children: ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>; wide?: boolean }) {
  const id = useId();
  const bad = errors && errors.length > 0;
  const described = [hint ? `${id}-hint` : '', bad ? `${id}-err` : ''].filter(Boolean).join(' ');
  const control = cloneElement(children, { id, ...(described ? { 'aria-describedby': described } : {}), ...(bad ? { 'aria-invalid': true } : {}) });
  return (
    <div className={`sc-field${wide ? ' sc-wide' : ''}${bad ? ' sc-invalid' : ''}`}>
      <label htmlFor={id} className="sc-label">
        {label}
      </label>
      {control}
      {hint && (
        <span id={`${id}-hint`} className="muted sc-hint">
          {hint}
        </span>
      )}
      {bad && (
        <span id={`${id}-err`} className="sc-field-errors">
          {errors.map((m) => (
            <span key={m} className="field-error">
              {m}
            </span>
          ))}
        </span>
      )}
    </div>
  );
}

/** Messages for a group of controls (a section), shown once under it. */
export function FieldErrors({ errors }: { errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="sc-errors">
      {errors.map((m) => (
        <li key={m} className="field-error">
          {m}
        </li>
      ))}
    </ul>
  );
}

export function StatusBadge({ status }: { status: AddonStatus }) {
  const { t } = useTranslation('addons');
  return <span className={`badge ${statusTone(status)}`}>{t(`status.${status}`)}</span>;
}

export function Badge({ tone, children, title }: { tone: 'ok' | 'warn' | 'bad' | 'info'; children: ReactNode; title?: string }) {
  return (
    <span className={`badge ${tone}`} title={title}>
      {children}
    </span>
  );
}

/** A modal dialog: focus moves in on open and back on close; Escape closes; Tab stays inside. */
export function Modal({ title, onClose, children, wide, tall }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean; tall?: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const box = ref.current;
    const first = box?.querySelector<HTMLElement>('[autofocus], input, select, textarea, button:not(.sc-modal-close)');
    (first ?? box)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close.current();
      } else if (e.key === 'Tab' && box) {
        const items = [...box.querySelectorAll<HTMLElement>('a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea, [tabindex="0"]')];
        if (items.length === 0) return;
        const a = items[0]!;
        const z = items[items.length - 1]!;
        if (e.shiftKey && document.activeElement === a) {
          e.preventDefault();
          z.focus();
        } else if (!e.shiftKey && document.activeElement === z) {
          e.preventDefault();
          a.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      before?.focus();
    };
  }, []);
  return (
    <div className="sc-backdrop">
      <div ref={ref} className={`sc-modal panel${wide ? ' sc-modal-wide' : ''}${tall ? ' sc-modal-tall' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1}>
        <div className="sc-modal-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="sc-modal-close" onClick={onClose} aria-label={t('close')}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  return (
    <div className="sc-progress">
      <progress value={value} max={max} aria-label={label} />
      <span className="muted">{Math.round((100 * value) / Math.max(1, max))} %</span>
    </div>
  );
}

/** A number input that keeps what is typed and reports NaN for an empty or partial entry (the service then names the field). */
export function NumberInput({ value, onChange, label, min, max, step, placeholder, ...aria }: { value: number | undefined; onChange: (v: number) => void; label?: string; min?: number; max?: number; step?: number | 'any'; placeholder?: string | undefined; id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; disabled?: boolean; title?: string }) {
  const [text, setText] = useState(value === undefined || Number.isNaN(value) ? '' : String(value));
  const shown = numberField(text) === value || (Number.isNaN(numberField(text)) && (value === undefined || Number.isNaN(value))) ? text : String(value ?? '');
  return (
    <input
      type="number"
      inputMode="decimal"
      value={shown}
      min={min}
      max={max}
      step={step ?? 'any'}
      aria-label={label}
      placeholder={placeholder}
      {...aria}
      onChange={(e) => {
        setText(e.target.value);
        onChange(numberField(e.target.value));
      }}
    />
  );
}

/** The options of a select over catalog entries (or hosts): the entry's name, or its id where it has none. */
export function EntryOptions({ entries }: { entries: readonly { id: string; name?: string }[] }) {
  return (
    <>
      {entries.map((e) => (
        <option key={e.id} value={e.id}>
          {e.name ?? e.id}
        </option>
      ))}
    </>
  );
}

/** The problems and warnings a trial check gave for one choice in the wizard. */
export function ChoiceMessages({ problems, warnings }: { problems: readonly string[]; warnings: readonly string[] }) {
  return (
    <>
      {problems.map((p) => (
        <span key={p} className="field-error">
          {p}
        </span>
      ))}
      {warnings.map((w) => (
        <span key={w} className="sc-warning">
          {w}
        </span>
      ))}
    </>
  );
}
