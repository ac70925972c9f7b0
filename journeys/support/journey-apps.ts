/**
 * What a journey does for each catalogue app: which card a user installs from the App Store and
 * uninstalls from My Apps, and how long waits may take on this node.
 */
import { APPS, appById, type AppEntry } from '../../config/apps';
import { MIN_SCALED_TIMEOUT_MS } from '../../lib/waiters';

/** Every app with a UI: the journeys are generated from these. */
export const JOURNEY_APPS: readonly AppEntry[] = APPS.filter((a) => a.ui !== undefined);

/** The backend a companion comes with ('bitcoin' → the bitcoin node installed, else bitcoin-knots). */
export function backendOf(app: AppEntry, installed: readonly string[]): AppEntry | undefined {
  if (!app.companionOf) return undefined;
  if (app.companionOf === 'bitcoin') return appById(installed.find((id) => id === 'bitcoin-knots' || id === 'bitcoin-core') ?? 'bitcoin-knots');
  return appById(app.companionOf);
}

/** A catalogue budget scaled by the node's time-scale, never below the waiters' floor. */
export function scaled(budgetMs: number, timeScale: number): number {
  return Math.max(MIN_SCALED_TIMEOUT_MS, Math.round(budgetMs * timeScale));
}

/** Companions that come with a backend (its UI containers). */
export function companionsOf(app: AppEntry): AppEntry[] {
  const isBitcoin = app.id === 'bitcoin-knots' || app.id === 'bitcoin-core';
  return APPS.filter((a) => a.companionOf === app.id || (isBitcoin && a.companionOf === 'bitcoin'));
}
