/**
 * The suite's catalogue of guesses: every detail it would like to check that ../shared/archy-surface.md
 * does not settle. Each entry names the catalogue's choice (what the suite assumed before it had seen a
 * node), how a survey observes it (scripts/survey.ts, lib/survey/observers.ts) and the one-line change
 * in config/ that makes the catalogue match a node that does otherwise.
 *
 * A guess never fails a cell on its own. A guessed check runs only where the node's reviewed profile
 * (profiles/<node>.json) records what the node does; if the check then fails and a fresh look shows the
 * node no longer does what the profile says, the test carries "guess contradicted: …" and stays green
 * (lib/guesses/guessed-check.ts). The ids are the sim's (sim/guesses/), so a variant's choice and the
 * profile's observation speak of the same thing.
 */
import { directPorts } from './catalogue';

export type GuessId =
  | 'dashboard-landmarks'
  | 'dashboard-script'
  | 'dashboard-title'
  | 'test-ids'
  | 'nav-items'
  | 'logout-place'
  | 'apps-empty-state'
  | 'state-badge'
  | 'launch-opens'
  | 'login-empty-submit'
  | 'dependants-while-bitcoin-stopped'
  | 'companions-while-backend-stopped'
  | 'direct-ports'
  | 'health-endpoints'
  | 'container-names'
  | 'health-sequence'
  | 'transitional-states'
  | 'install-progress-shape'
  | 'cookie-attributes'
  | 'error-wording'
  | 'handler-error-code'
  | 'health-result'
  | 'login-window-scaling'
  | 'get-state-rev'
  | 'ui-markers';

export interface GuessDef {
  id: GuessId;
  /** What is guessed, in one line. */
  what: string;
  /** Why it is a guess: the archy-surface section that leaves it open. */
  openIn: string;
  /** The catalogue's choice, as a survey would write the observation. */
  choice: string;
  /** How the survey sees it; "destructive" when it must change the node to see it. */
  observe: string;
  /** Where the suite checks it (only with a profile that records it). */
  checkedBy: string;
  /** The one-line change in config/ that makes the catalogue say what `observed` says. */
  configChange(observed: string): string;
}

const choiceLine = (id: GuessId) => (observed: string) =>
  `config/guesses.ts '${id}': choice: ${JSON.stringify(observed)}`;

export const GUESS_CATALOGUE: readonly GuessDef[] = [
  {
    id: 'dashboard-landmarks',
    what: 'accessible name of the dashboard navigation that holds Home / My Apps / App Store / Server / Settings',
    openIn: '§4.2 (nav items are NE texts; no landmark name is given)',
    choice: 'Main navigation',
    observe: 'render /dashboard with the session; read the navigation landmark holding the "My Apps" link',
    checkedBy: 'pages/dashboard-page.ts expectReady (the named landmark)',
    configChange: (o) => `pages/selectors.ts V1_9.nav.landmark: ${JSON.stringify(o)}`,
  },
  {
    id: 'dashboard-script',
    what: 'the dashboard loads its script from an external asset or inlines it',
    openIn: '§4 (index.html and assets/ exist; how index.html loads them is not seen)',
    choice: 'external',
    observe: 'GET / and look for <script src> vs an inline <script>',
    checkedBy: 'lib/probes/dashboard-probe.ts (the asset it names answers 200)',
    configChange: choiceLine('dashboard-script'),
  },
  {
    id: 'dashboard-title',
    what: "the <title> of the dashboard's index.html",
    openIn: '§4 (not seen)',
    choice: 'Archipelago',
    observe: 'GET / and read <title>',
    checkedBy: 'lib/probes/dashboard-probe.ts',
    configChange: (o) => `lib/probes/dashboard-probe.ts DASHBOARD_TITLE_MARKER = ${JSON.stringify(o)}`,
  },
  {
    id: 'test-ids',
    what: 'the dashboard renders data-testid attributes on badges and banners',
    openIn: '§4.2 (only the signer-login test ids are seen)',
    choice: 'present',
    observe: 'render /dashboard/apps and count [data-testid] elements',
    checkedBy: 'nothing: page objects find elements by role and text only',
    configChange: choiceLine('test-ids'),
  },
  {
    id: 'nav-items',
    what: "the dashboard navigation's items: NE's five, without Server, Settings only in a user menu, or with more (Discover, Web5)",
    openIn:
      '§4.2 (Home, My Apps, App Store, Server, Settings are NE items, "historical"); §4.1 (Discover, Web5 routes)',
    choice: 'ne-five',
    observe: 'render /dashboard; read the visible navigation links and the user menu items',
    checkedBy: 'journeys/support/ui-login.ts (the navigation still shows what the profile saw)',
    configChange: (o) => `pages/selectors.ts V1_9.nav (the node's items: ${o})`,
  },
  {
    id: 'logout-place',
    what: 'where Logout is: Settings → Account, a header button, or a user menu',
    openIn: '§4.1 (Settings AccountSection has Logout, AA 0007; the header is not seen)',
    choice: 'settings-account',
    observe: 'render /dashboard; look for Logout in the header, then the user menu, then Settings (never clicks it)',
    checkedBy: 'journeys/page-gallery.spec.ts (Logout where the profile saw it)',
    configChange: choiceLine('logout-place'),
  },
  {
    id: 'apps-empty-state',
    what: 'whether My Apps removes its "No Apps Installed" state while apps are listed (v-if) or keeps it hidden (v-show)',
    openIn: '§4.3 (NE text only)',
    choice: 'removed',
    observe: 'render /dashboard/apps while apps are installed; count the empty-state elements in the DOM',
    checkedBy: 'nothing: pages/apps-page.ts takes only a visible empty state',
    configChange: choiceLine('apps-empty-state'),
  },
  {
    id: 'state-badge',
    what: "how a card's state badge is rendered: the raw state, the raw state changed in case by CSS, or an icon plus the text",
    openIn: '§4.3 (NE: raw pkg.state text), §7 q2',
    choice: 'raw-text',
    observe: "render /dashboard/apps; read a running app's badge: textContent, innerText, an icon inside",
    checkedBy: 'nothing: pages/selectors.ts stateBadge matches the state in any case',
    configChange: choiceLine('state-badge'),
  },
  {
    id: 'login-empty-submit',
    what: 'the login button while the password is empty: disabled (NE), or enabled and the page says what is missing',
    openIn: '§4.2 (the NE button is disabled while the password is empty; the archy button is not seen)',
    choice: 'disabled',
    observe: 'open /login without a session; read whether the button after the empty password field is disabled',
    checkedBy: 'journeys/login-failure.spec.ts (the button does what the profile saw; an empty password never logs in)',
    configChange: choiceLine('login-empty-submit'),
  },
  {
    id: 'launch-opens',
    what: "where Launch opens an app's UI: the in-dashboard App Session frame or a new tab",
    openIn: '§4.4 (AppSession.vue frame; openInAppOrNewTab in the companion app; NE window.open)',
    choice: 'app-session',
    observe: "click Launch on a running app's card (read-only) and see whether a tab or a frame appears",
    checkedBy: 'journeys/install-and-use.spec.ts (Launch opens where the profile saw it)',
    configChange: choiceLine('launch-opens'),
  },
  {
    id: 'dependants-while-bitcoin-stopped',
    what: 'what LND and mempool do while the bitcoin node is stopped',
    openIn: '§3.3 / §5.2 (not described)',
    choice: 'stop-serving',
    observe: 'destructive: stop the bitcoin node and ask LND getinfo / mempool tip height',
    checkedBy: 'lib/cells/dependants.ts (stop cell of a bitcoin node)',
    configChange: choiceLine('dependants-while-bitcoin-stopped'),
  },
  {
    id: 'companions-while-backend-stopped',
    what: "whether a companion's UI (archy-bitcoin-ui, archy-lnd-ui, archy-electrs-ui) stops serving its page while its backend is stopped",
    openIn: '§4.4 / §5.2 (companions are named, their behaviour is not)',
    choice: 'down',
    observe: 'destructive: stop the bitcoin node and fetch the Bitcoin UI',
    checkedBy: 'lib/cells/dependants.ts (stop cell of a backend with companions)',
    configChange: choiceLine('companions-while-backend-stopped'),
  },
  {
    id: 'direct-ports',
    what: 'which direct app ports a node exposes (bitcoin RPC, Bitcoin UI, Electrum, LND REST)',
    openIn: '§5.2 (8332, 8334 and TCP 50001 are named; LND REST :8080 is not)',
    choice: Object.keys(directPorts()).sort().join(','), // every direct port the catalogue names
    observe: 'connect to each named port of the node (sim: its SIM_READY ports)',
    checkedBy: 'lib/probes/lnd-getinfo.ts (LND REST), lib/probes/bitcoin-dependants.ts',
    configChange: (o) =>
      `config/apps.ts ports: keep only ${o || '(none)'} (lnd.ports['lnd-rest'] goes when it is absent)`,
  },
  {
    id: 'health-endpoints',
    what: 'health endpoints an app answers beyond its upstream docs (File Browser /health, mempool /api/v1/backend-info)',
    openIn: '§5.2 (only wildbloom manifests show health paths)',
    choice: 'documented',
    observe: 'GET <proxy>/health and <proxy>/healthz of every running app with a proxy path',
    checkedBy: 'nothing: rpc probes use upstream-documented endpoints only',
    configChange: choiceLine('health-endpoints'),
  },
  {
    id: 'container-names',
    what: 'container names of each app beyond its id, as container-list shows them',
    openIn:
      '§5.2 (archy-btcpay-db, archy-nbxplorer, mempool-api, fedimint-gateway are TESTING names; the rest is unseen)',
    choice: 'btcpay-server:archy-btcpay-db+archy-nbxplorer;fedimint:fedimint-gateway;mempool:mempool-api+mempool-db',
    observe: 'container-list: names of the rows of each running app',
    checkedBy: 'lib/cells/read-only-cells.ts present (every container the profile names is running)',
    configChange: (o) => `config/apps.ts containers: ${o}`,
  },
  {
    id: 'health-sequence',
    what: 'what `health` says while a freshly started app comes up',
    openIn: '§3.3 (absent, healthy, unhealthy are seen; "starting" is not)',
    choice: 'absent-then-healthy',
    observe: 'destructive: restart an app and follow its health; read-only: health values of running apps',
    checkedBy: 'lib/cells/lifecycle-cells.ts (health trail after restart)',
    configChange: choiceLine('health-sequence'),
  },
  {
    id: 'transitional-states',
    what: 'whether stop/start/restart/uninstall pass through a state a 25 ms poll can see',
    openIn: '§3.3 ("Suggested simulator state machine" is GUESS), §7 q6',
    choice: 'observable',
    observe: 'destructive: restart an app and follow its state',
    checkedBy: 'lib/cells/lifecycle-cells.ts (stopping / starting / restarting / removing / installing seen)',
    configChange: choiceLine('transitional-states'),
  },
  {
    id: 'install-progress-shape',
    what: 'the keys of install-progress while installing',
    openIn: '§3.4 (only message is seen)',
    choice: 'message-size-downloaded',
    observe: 'destructive: install an app and read install-progress while installing',
    checkedBy: 'lib/rpc/schemas.ts (optional keys; nothing else)',
    configChange: choiceLine('install-progress-shape'),
  },
  {
    id: 'cookie-attributes',
    what: 'attributes of the session / csrf_token / remember cookies',
    openIn: '§1.4 (only the signer binding cookie is fully seen)',
    choice:
      'session=HttpOnly,SameSite=Strict,Path=/;csrf_token=SameSite=Strict,Path=/;remember=HttpOnly,SameSite=Strict,Path=/',
    observe: 'one password login; read Set-Cookie',
    checkedBy: 'nothing beyond the evidence (the three cookies are set)',
    configChange: choiceLine('cookie-attributes'),
  },
  {
    id: 'error-wording',
    what: 'wording of a handler error beyond the documented prefix ("Not found" for a missing package)',
    openIn: '§1.3 (prefixes are seen, the rest of the text is not)',
    choice: 'Not found: no package with id "<id>"',
    observe: 'package.start of an id that does not exist (changes nothing)',
    checkedBy: 'nothing beyond the evidence (the message starts with a documented prefix)',
    configChange: choiceLine('error-wording'),
  },
  {
    id: 'handler-error-code',
    what: 'JSON-RPC error code of a handler error',
    openIn: '§1.3 (-1 or -32603), §7 q11',
    choice: '-32603',
    observe: 'package.start of an id that does not exist',
    checkedBy: 'nothing: tests assert on message, never on code (§1.3)',
    configChange: choiceLine('handler-error-code'),
  },
  {
    id: 'health-result',
    what: 'the value `health` answers',
    openIn: '§1.1 (truthy; value unknown)',
    choice: 'ok',
    observe: 'health without a session',
    checkedBy: 'nothing beyond the evidence (truthy)',
    configChange: choiceLine('health-result'),
  },
  {
    id: 'login-window-scaling',
    what: "the login limiter's window (5 per minute; the sim scales the minute with its time-scale)",
    openIn: '§1.7 (a minute on a real node)',
    choice: 'unscaled',
    observe: 'destructive: exhaust the limit and time its release',
    checkedBy: 'journeys log in through the page once; the rate-limit spec waits a real minute at most',
    configChange: choiceLine('login-window-scaling'),
  },
  {
    id: 'get-state-rev',
    what: 'server.get-state carries a revision `rev` beside `data`',
    openIn: '§2.2 GUESS, §7 q5',
    choice: 'present',
    observe: 'server.get-state',
    checkedBy: 'lib/rpc/schemas.ts (optional)',
    configChange: choiceLine('get-state-rev'),
  },
  {
    id: 'ui-markers',
    what: "text each app's UI page shows when healthy (config/apps.ts ui.marker)",
    openIn: '§4.4 / §5.2 (app UIs are not described)',
    choice: 'as config/apps.ts ui.marker',
    observe: 'GET each running app UI; which catalogue markers it shows',
    checkedBy: 'lib/probes/ui-probe.ts (the marker, per app the profile confirms)',
    configChange: (o) => `config/apps.ts ui.marker per app: ${o}`,
  },
];

export function guessDef(id: GuessId): GuessDef {
  const def = GUESS_CATALOGUE.find((g) => g.id === id);
  if (!def)
    throw new Error(`Unknown guess "${id}": config/guesses.ts lists ${GUESS_CATALOGUE.map((g) => g.id).join(', ')}`);
  return def;
}
