/**
 * The dashboard faults of sim/faults.ts (`ownedBy: 'dashboard'`) as the page sees them: the ES module
 * /assets/faults.js lists the ones switched on when the page loaded, and
 * sim/dashboard/assets/fault-hooks.js bends the dashboard where each one acts. The API stays right.
 */
import { FAULTS } from './faults';

/** What of the fault set the dashboard files need. */
export interface DashboardFaultView {
  has(name: string): boolean;
  list(): string[];
}

const DASHBOARD_FAULTS: readonly string[] = FAULTS.filter((f) => f.ownedBy === 'dashboard').map((f) => f.name);

export const dashboardFaultsModule = {
  path: '/assets/faults.js',
  body(faults: DashboardFaultView): string {
    const on = faults.list().filter((name) => DASHBOARD_FAULTS.includes(name));
    return `// The sim's dashboard faults switched on when this page loaded (sim/faults.ts, sim/FAULTS.md).\nexport const FAULTS = ${JSON.stringify(on)};\n`;
  },
};
