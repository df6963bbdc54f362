/** Settings: the UI language (the OS locale until changed here). */
import { useTranslation } from 'react-i18next';
import { LANGS, setLang, type UiLang } from '../i18n/index.ts';

export function SettingsPage() {
  const { t, i18n } = useTranslation('settings');
  return (
    <section>
      <h1>{t('title')}</h1>
      <label>
        {t('language')}{' '}
        <select value={i18n.language} onChange={(e) => setLang(e.target.value as UiLang)}>
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {t(`lang.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">{t('theme')}</p>
    </section>
  );
}
