/** A service error as a person reads it: the message, the details, and how to fix it. */
import { useTranslation } from 'react-i18next';
import type { PvLabError } from '../../../core/model/errors.ts';

export function ErrorBox({ error }: { error: Error | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error as Partial<PvLabError> & Error;
  return (
    <div className="error-box" role="alert">
      <strong>{e.message}</strong>
      {e.details && e.details.length > 0 && (
        <ul>
          {e.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      {e.hint && <p>{t('howToFix', { hint: e.hint })}</p>}
    </div>
  );
}
