/** A run's status as a coloured badge with its name in the UI language. */
import { useTranslation } from 'react-i18next';
import type { RunStatus } from '../../../../core/model/index.ts';

const TONE: Record<RunStatus, string> = { running: 'info', completed: 'ok', cancelled: 'warn', interrupted: 'warn', failed: 'bad' };

export function StatusBadge({ status }: { status: RunStatus }) {
  const { t } = useTranslation('runs');
  return <span className={`badge ${TONE[status]}`}>{t(`statusName.${status}`)}</span>;
}
