/** A profile's feature passport: techniques and PV features it allows, why not the others, and its hardware features. */
import { useTranslation } from 'react-i18next';
import type { HardwareProfile } from '../../../core/model/index.ts';
import { type Entry, type Verdict, type Why, passport } from './hardware-passport.ts';
import { Badge } from './scenario/ui.tsx';

const TONE: Record<Verdict, 'ok' | 'warn' | 'bad'> = { yes: 'ok', limited: 'warn', no: 'bad' };

export function HardwarePassport({ profile }: { profile: HardwareProfile }) {
  const { t } = useTranslation('hardware');
  const pass = passport(profile);
  const why = (w: Why): string => {
    switch (w.key) {
      case 'x86':
      case 'notX86':
      case 'classicallyVirtualizable':
        return t(`passport.why.${w.key}`, { arch: w.arch });
      case 'notClassicallyVirtualizable':
      case 'softwareOnly':
        return t(`passport.why.${w.key}`);
      case 'nicSriov':
      case 'nicNoSriov':
        return t(`passport.why.${w.key}`, { nic: w.nic, driver: w.driver });
      default:
        return t(`passport.why.${w.key}`, { feature: t(`feature.${w.feature}.name`) });
    }
  };
  const table = <T extends string>(caption: string, entries: Entry<T>[], label: (id: T) => string, what: (id: T) => string) => (
    <table className="hw-passport">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('passport.what')}</th>
          <th scope="col">{t('passport.here')}</th>
          <th scope="col">{t('passport.why.title')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <th scope="row">
              {label(e.id)}
              <div className="muted hw-what">{what(e.id)}</div>
            </th>
            <td>
              <Badge tone={TONE[e.verdict]}>{t(`passport.verdict.${e.verdict}`)}</Badge>
            </td>
            <td>
              <ul className="hw-why">
                {e.why.map((w) => (
                  <li key={JSON.stringify(w)}>{why(w)}</li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <div className="hw-passport-box">
      <h3>{t('passport.title')}</h3>
      {table(t('passport.techniques'), pass.techniques, (id) => t(`scenario:mode.${id}`), (id) => t(`technique.${id}`))}
      {table(t('passport.pvFeatures'), pass.pv, (id) => t(`pv.${id}.name`), (id) => t(`pv.${id}.what`))}
      <h3>{t('passport.features')}</h3>
      <ul className="hw-features">
        {pass.features.map((f) => (
          <li key={f.feature} className={f.present ? 'hw-has' : 'hw-lacks'}>
            <Badge tone={f.present ? 'ok' : 'info'}>{f.present ? t('present') : t('absent')}</Badge> <strong>{t(`feature.${f.feature}.name`)}</strong>
            <span className="muted"> — {t(`feature.${f.feature}.what`)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
