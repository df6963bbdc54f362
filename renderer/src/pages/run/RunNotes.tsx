/** A run's tags and notes: add and remove tags, write notes (a teacher's remarks, what to look at). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunDetail } from '../../../../core/model/index.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useLab } from '../../lab.tsx';
import { useFmt } from './format.ts';

export function RunNotes({ run, onChanged }: { run: RunDetail; onChanged: () => void }) {
  const { t } = useTranslation('runs');
  const f = useFmt();
  const lab = useLab();
  const [tag, setTag] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | null>(null);
  /** Do it, refresh the run; false (and the error shown) when it failed. */
  const act = async (fn: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await fn();
      onChanged();
      return true;
    } catch (e) {
      setError(e as Error);
      return false;
    }
  };

  return (
    <div className="rn-notes">
      <h2>{t('notes.title')}</h2>
      <div className="row">
        <span>{t('notes.tags')}</span>
        {run.tags.length === 0 && <span className="muted">{t('notes.noTags')}</span>}
        {run.tags.map((x) => (
          <span key={x} className="badge info rn-tag">
            {x}{' '}
            <button className="rn-x" aria-label={t('notes.removeTag', { tag: x })} onClick={() => void act(() => lab.call('runs.tag', { runId: run.id, tag: x, remove: true }))}>×</button>
          </span>
        ))}
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (tag.trim()) void act(() => lab.call('runs.tag', { runId: run.id, tag: tag.trim() })).then((ok) => ok && setTag(''));
          }}
        >
          <input value={tag} onChange={(e) => setTag(e.target.value)} aria-label={t('notes.newTag')} placeholder={t('notes.newTag')} maxLength={64} />
          <button type="submit" disabled={!tag.trim()}>{t('notes.addTag')}</button>
        </form>
      </div>
      {run.notes.length > 0 && (
        <ul className="rn-note-list">
          {run.notes.map((n) => (
            <li key={n.id}>
              <span className="muted">{f.when(n.createdAt)}</span> {n.text}
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (note.trim()) void act(() => lab.call('runs.note', { runId: run.id, text: note.trim() })).then((ok) => ok && setNote(''));
        }}
      >
        <label className="rn-block">
          {t('notes.newNote')}
          <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={10_000} />
        </label>
        <button type="submit" disabled={!note.trim()}>{t('notes.addNote')}</button>
      </form>
      <ErrorBox error={error} />
    </div>
  );
}
