#!/usr/bin/env node
// The two quick-start commands (`npm start`, `npm test`) land here. Plain Node with no
// dependencies, because it runs before anything is installed: it brings pnpm, installs the
// workspace, checks PostgreSQL and Redis, then starts the system or runs every test.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '12.4.2';
const mode = process.argv[2];

const say = (line) => console.log(`[sasaeai] ${line}`);
const fail = (line) => {
  console.error(`[sasaeai] ${line}`);
  process.exit(1);
};

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) fail(`\`${command} ${args.join(' ')}\` failed (exit ${result.status}).`);
}

function ensurePnpm() {
  try {
    const version = execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim();
    if (version === PNPM_VERSION) return;
    say(`pnpm ${version} found; installing pnpm ${PNPM_VERSION}`);
  } catch {
    say(`installing pnpm ${PNPM_VERSION}`);
  }
  run('npm', ['install', '--global', `pnpm@${PNPM_VERSION}`]);
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function checkServices() {
  const database = new URL(
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sasaeai',
  );
  const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const missing = [];
  if (!(await reachable(database.hostname, Number(database.port || 5432)))) {
    missing.push(`PostgreSQL at ${database.hostname}:${database.port || 5432}`);
  }
  if (!(await reachable(redis.hostname, Number(redis.port || 6379)))) {
    missing.push(`Redis at ${redis.hostname}:${redis.port || 6379}`);
  }
  if (missing.length > 0) {
    fail(
      `cannot reach ${missing.join(' and ')}.\n` +
        '  Start them, or run them in containers: docker compose -f infra/compose.yaml up -d\n' +
        '  (then DATABASE_URL=postgres://postgres:sasaeai-dev@127.0.0.1:5432/sasaeai).\n' +
        '  Set DATABASE_URL / REDIS_URL if they live elsewhere.',
    );
  }
}

function install() {
  say('installing dependencies (pnpm install)');
  run('pnpm', ['install', '--frozen-lockfile']);
}

function buildWeb() {
  say('building the web app');
  run('pnpm', ['--filter', '@sasaeai/web', 'build']);
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() !== 0) {
    fail('browser tests need Chromium at /usr/bin/chromium: `sudo apt-get install -y chromium`.');
  }
  say('installing Chromium for the browser tests (apt-get)');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium']);
}

/** The Kubernetes manifests' test renders them with `kubectl kustomize`. */
function ensureKubectl() {
  if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0) return;
  if (process.getuid?.() !== 0) {
    fail('the manifests test needs kubectl: `sudo apt-get install -y kubernetes-client`.');
  }
  say('installing kubectl for the manifests test (apt-get)');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'kubernetes-client']);
}

function waitForHealth(url, deadline) {
  return new Promise((resolve) => {
    const attempt = () =>
      fetch(`${url}/api/healthz`)
        .then((response) => (response.ok ? resolve(true) : retry()))
        .catch(retry);
    const retry = () => (Date.now() > deadline ? resolve(false) : setTimeout(attempt, 300));
    attempt();
  });
}

async function start() {
  ensurePnpm();
  install();
  await checkServices();
  const port = process.env.PORT ?? '3000';
  // Without an SMTP_URL of your own, mail goes to the development mailbox started below.
  const devMail = !process.env.SMTP_URL;
  const smtpPort = process.env.DEV_MAIL_SMTP_PORT ?? '1025';
  const mailboxPort = process.env.DEV_MAIL_HTTP_PORT ?? '1080';
  // Without Twilio / LINE settings of your own, SMS and LINE go to the local providers
  // (services/dev-providers), with credentials made up for this run.
  const devProviders = !process.env.TWILIO_ACCOUNT_SID && !process.env.LINE_CHANNEL_ACCESS_TOKEN;
  const providersPort = process.env.DEV_PROVIDERS_PORT ?? '1090';
  const providersUrl = `http://127.0.0.1:${providersPort}`;
  const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sasaeai',
    DEMO_MODE: 'true',
    PORT: port,
    WEB_BUILD_DIR: join(root, 'web', 'build'),
    PUBLIC_BASE_URL: publicBaseUrl,
    ...(devMail
      ? {
          SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
          DEV_MAIL_SMTP_PORT: smtpPort,
          DEV_MAIL_HTTP_PORT: mailboxPort,
        }
      : {}),
    ...(devProviders
      ? {
          DEV_PROVIDERS_PORT: providersPort,
          TWILIO_API_URL: providersUrl,
          TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
          TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
          TWILIO_FROM: '+815012340000',
          LINE_API_URL: providersUrl,
          LINE_CHANNEL_ACCESS_TOKEN: randomBytes(24).toString('base64url'),
          LINE_CHANNEL_SECRET: randomBytes(16).toString('hex'),
          DEV_PROVIDERS_SMS_WEBHOOK_URL: `${publicBaseUrl}/api/webhooks/sms`,
          DEV_PROVIDERS_LINE_WEBHOOK_URL: `${publicBaseUrl}/api/webhooks/line`,
        }
      : {}),
  };
  say('migrating the database');
  run('pnpm', ['--filter', '@sasaeai/db', 'migrate'], { env });
  say('seeding demo data');
  run('pnpm', ['--filter', '@sasaeai/db', 'seed'], { env });
  buildWeb();

  // Node runs each service directly (not through pnpm) so signals reach it unchanged.
  const service = (dir, entry) =>
    spawn(process.execPath, ['--conditions=@sasaeai/source', '--import', 'tsx', entry], {
      cwd: join(root, 'services', dir),
      env,
      stdio: 'inherit',
    });
  const children = [
    ...(devMail ? [service('dev-mail', 'src/main.ts')] : []),
    ...(devProviders ? [service('dev-providers', 'src/main.ts')] : []),
    service('api', 'src/server.ts'),
    service('worker', 'src/main.ts'),
  ];
  const stop = (signal) => {
    for (const child of children) child.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (const child of children) {
    child.on('exit', (code) => {
      stop('SIGTERM');
      process.exitCode = code ?? 0;
    });
  }
  const url = `http://localhost:${port}`;
  if (await waitForHealth(url, Date.now() + 60_000)) {
    say('');
    say(`ささえあい is running. Open ${url}`);
    say('Demo accounts (demo only): see README.md, password sasaeai-demo-2026');
    say('API documentation: ' + `${url}/api/docs`);
    if (devMail)
      say(`Mail the system sent (development mailbox): http://localhost:${mailboxPort}/`);
    if (devProviders)
      say(`SMS and LINE the system sent (local providers): http://localhost:${providersPort}/`);
    say('Stop with Ctrl+C.');
  } else {
    say(`the API did not answer on ${url} within 60 s; see the log above.`);
  }
}

function summarise(reportPath) {
  if (!existsSync(reportPath)) return null;
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  // A file that failed without a failed test of its own (it did not load, or a hook threw and
  // its tests were skipped) counts as one failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) =>
      file.status === 'failed' &&
      !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/**
 * `test` installs, builds, typechecks, lints and runs every suite. `test --suite-only` runs the
 * suites alone on whatever `node` is first on PATH (CI's second pass on Node 24 reuses the
 * first pass's install and build).
 */
async function test({ suiteOnly }) {
  if (!suiteOnly) {
    ensurePnpm();
    install();
  }
  await checkServices();
  ensureChromium();
  ensureKubectl();
  if (!suiteOnly) buildWeb();
  const checks = suiteOnly
    ? []
    : [
        ['typecheck', ['typecheck']],
        ['lint', ['lint']],
      ];
  let staticFailures = 0;
  for (const [name, args] of checks) {
    say(`running ${name}`);
    const result = spawnSync('pnpm', args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      staticFailures += 1;
      say(`${name} FAILED`);
    }
  }
  say(
    `running the test suite on Node ${process.versions.node} (vitest: unit, integration, browser)`,
  );
  const reportPath = join(root, 'tests', '.artifacts', 'vitest.json');
  rmSync(reportPath, { force: true });
  const result = spawnSync('pnpm', ['exec', 'vitest', 'run'], { cwd: root, stdio: 'inherit' });
  const summary = summarise(reportPath);
  if (!summary) fail('vitest wrote no report; see the output above.');
  const failed = summary.failed + staticFailures;
  const skipped = summary.skipped ? `, ${summary.skipped} skipped` : '';
  console.log(`${summary.passed} passed, ${failed} failed${skipped}`);
  process.exit(result.status === 0 && failed === 0 ? 0 : 1);
}

if (mode === 'start') await start();
else if (mode === 'test') await test({ suiteOnly: process.argv.includes('--suite-only') });
else fail('usage: node scripts/bootstrap.mjs start|test');
