/** The lab's frame: navigation on the left, the page of the current route on the right. */
import { type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { type Route, useRoute } from './router.ts';
import { PAGES } from './pages/index.ts';
import { useDesktopMenu } from './desktop-menu.ts';

const NAV = ['start', 'hardware', 'scenarios', 'runs', 'compare', 'settings'] as const;

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  useDesktopMenu();
  const Page: ComponentType<{ route: Route }> | undefined = PAGES[route.page];
  const active = route.page === 'replay' ? 'runs' : route.page;
  return (
    <div className="app">
      <nav className="sidebar" aria-label={t('nav.label')}>
        <div className="brand">{t('app')}</div>
        <ul>
          {NAV.map((p) => (
            <li key={p}>
              <a href={`#/${p}`} aria-current={active === p ? 'page' : undefined}>
                {t(`nav.${p}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content" data-route={[route.page, ...route.args].join('/')}>{Page ? <Page route={route} /> : <p>{t('notFound', { page: route.page })}</p>}</main>
    </div>
  );
}
