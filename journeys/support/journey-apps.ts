/**
 * What a journey does for each catalogue app: which card a user installs from the App Store and
 * uninstalls from My Apps (backends and companions: config/catalogue.ts).
 */
import { APPS, type AppEntry } from '../../config/apps';

/** Every app with a UI: the journeys are generated from these. */
export const JOURNEY_APPS: readonly AppEntry[] = APPS.filter((a) => a.ui !== undefined);
