/**
 * The pages by route name. Each page is its own module (and its own message catalog namespace
 * under i18n/<lang>/<page>.json).
 */
import type { ComponentType } from 'react';
import type { Route } from '../router.ts';
import { SettingsPage } from './Settings.tsx';
import { RunsPage } from './Runs.tsx';
import { ReplayPage } from './Replay.tsx';
import { ComparePage } from './Compare.tsx';
import { StartPage } from './Start.tsx';
import { HardwarePage } from './Hardware.tsx';
import { ScenariosPage } from './Scenarios.tsx';

export const PAGES: Record<string, ComponentType<{ route: Route }>> = {
  settings: SettingsPage,
  runs: RunsPage,
  replay: ReplayPage,
  compare: ComparePage,
  start: StartPage,
  hardware: HardwarePage,
  scenarios: ScenariosPage,
};
