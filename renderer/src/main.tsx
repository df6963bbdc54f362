/** Start the renderer: connect to the lab (desktop IPC or the served WebSocket), then show it. */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import type { LabClient } from '../../core/contract/index.ts';
import './i18n/index.ts';
import './styles.css';
import { App } from './App.tsx';
import { LabProvider, connect } from './lab.tsx';

function Root() {
  const { t } = useTranslation();
  const [lab, setLab] = useState<LabClient | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    connect().then(({ client }) => setLab(client), (e: Error) => setError(e.message));
  }, []);
  if (error) return (<div className="center" role="alert"><h1>{t('cannotConnect')}</h1><p>{error}</p></div>);
  if (!lab) return <div className="center">{t('connecting')}</div>;
  return (
    <LabProvider value={lab}>
      <App />
    </LabProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
