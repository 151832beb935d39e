/**
 * Finds a headless Chromium and launches it with playwright-core, so that the browser test (and
 * the demo's live page) need nothing but Node and the npm registry.
 *
 * The browser is resolved in this order; the first that exists wins:
 *
 * 1. `SVD_CHROMIUM`: an explicit executable. If it is set but the file is missing, that is an
 *    error (a misconfiguration is never silently replaced by another browser).
 * 2. The npm-shipped one: `@sparticuz/chromium` (pinned to 143.0.4, the last release that runs on
 *    Node 20) carries a Brotli-compressed headless Chromium inside its tarball, so nothing is
 *    downloaded at install. Linux x64 only. It is unpacked once (≈ 7 s) into a private cache
 *    directory: `SVD_CHROMIUM_CACHE`, else `$TMPDIR/svd-chromium-<uid>` (created mode 0700 and
 *    refused if another user owns it — then a fresh private temporary directory is used). The
 *    package itself always unpacks to `$TMPDIR/chromium` and reuses whatever it finds there, which
 *    breaks when another user owns that path; so it runs with `TMPDIR` pointed at a private staging
 *    directory, which is renamed into place only when complete (concurrent first runs are safe).
 * 3. A system Chromium or Chrome: `chromium`, `chromium-browser`, `google-chrome`,
 *    `google-chrome-stable` on `PATH`, or the usual install locations on macOS and Windows.
 *
 * If none exists, {@link launchBrowser} returns `null` and {@link missingBrowserMessage} says what
 * was tried and how to fix it; callers skip loudly, except under `CI=true`, where they must fail
 * (see {@link browserRequired}).
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

/** Where the browser came from, in resolution order. */
export type BrowserSource = 'env' | 'npm' | 'system';

/** A Chromium executable that exists, and the flags to launch it with. */
export interface ResolvedBrowser {
  /** Which rule of the resolution order found it. */
  readonly source: BrowserSource;
  /** Absolute path of the executable. */
  readonly executablePath: string;
  /** Command-line flags for this executable (playwright-core adds its own on top). */
  readonly args: readonly string[];
  /** Extra environment variables for the browser process (the npm one's font configuration). */
  readonly env: Readonly<Record<string, string>>;
  /** One human-readable line: what it is and where it came from. */
  readonly description: string;
}

/** The outcome of {@link resolveBrowser}: the browser found (or `null`) and every place looked at. */
export interface BrowserResolution {
  readonly browser: ResolvedBrowser | null;
  /** One line per candidate, in order, e.g. `npm: @sparticuz/chromium only ships for linux-x64`. */
  readonly tried: readonly string[];
}

/** A launched headless browser and how it was found. Close it with `browser.close()`. */
export interface LaunchedBrowser {
  readonly browser: Browser;
  readonly resolved: ResolvedBrowser;
  readonly tried: readonly string[];
}

/** Name of the environment variable that names an explicit Chromium executable. */
export const BROWSER_ENV = 'SVD_CHROMIUM';
/** Name of the environment variable that overrides where the npm-shipped Chromium is unpacked. */
export const BROWSER_CACHE_ENV = 'SVD_CHROMIUM_CACHE';

// Flags for a system Chromium/Chrome: no sandbox (CI containers run as root), no network chatter.
const SYSTEM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Resolves a Chromium executable without launching it (the npm one is unpacked if needed).
 *
 * @example
 * ```ts
 * const { browser, tried } = await resolveBrowser();
 * console.log(browser ? browser.description : missingBrowserMessage(tried));
 * ```
 */
export async function resolveBrowser(env: NodeJS.ProcessEnv = process.env): Promise<BrowserResolution> {
  const tried: string[] = [];

  const explicit = env[BROWSER_ENV];
  if (explicit) {
    if (!isFile(explicit)) {
      throw new Error(`launchBrowser: ${BROWSER_ENV}=${explicit} names no file; expected a Chromium executable`);
    }
    const browser = {
      source: 'env',
      executablePath: explicit,
      args: SYSTEM_ARGS,
      env: {},
      description: `${explicit} (from ${BROWSER_ENV})`,
    } as const;
    return { browser, tried: [`env: ${BROWSER_ENV}=${explicit}`] };
  }
  tried.push(`env: ${BROWSER_ENV} is not set`);

  const npm = await npmChromium(env, tried);
  if (npm) return { browser: npm, tried };

  for (const candidate of systemCandidates(env)) {
    if (isFile(candidate)) {
      tried.push(`system: ${candidate}`);
      const browser = {
        source: 'system',
        executablePath: candidate,
        args: SYSTEM_ARGS,
        env: {},
        description: `${candidate} (system)`,
      } as const;
      return { browser, tried };
    }
  }
  tried.push(`system: none of ${SYSTEM_NAMES.join(', ')} on PATH, nor a standard install location`);
  return { browser: null, tried };
}

/**
 * Resolves a Chromium ({@link resolveBrowser}) and launches it headless with playwright-core.
 * Returns `null` when no browser exists; throws if one exists but will not start.
 *
 * @example
 * ```ts
 * const launched = await launchBrowser();
 * if (launched) {
 *   const page = await launched.browser.newPage();
 *   await page.goto('data:text/html,<p>hello</p>');
 *   await launched.browser.close();
 * }
 * ```
 */
export async function launchBrowser(env: NodeJS.ProcessEnv = process.env): Promise<LaunchedBrowser | null> {
  const { browser: resolved, tried } = await resolveBrowser(env);
  if (!resolved) return null;
  const browser = await chromium.launch({
    executablePath: resolved.executablePath,
    headless: true,
    args: [...resolved.args],
    env: { ...process.env, ...resolved.env },
    timeout: 60_000,
  });
  return { browser, resolved, tried };
}

/**
 * Whether a missing browser must fail rather than skip: under `CI=true` (as `.ci/run` sets).
 *
 * @example
 * ```ts
 * if (!launched && browserRequired()) throw new Error(missingBrowserMessage(tried));
 * ```
 */
export function browserRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

/**
 * A loud, multi-line explanation for a run that found no browser: what was tried and the remedy.
 *
 * @example
 * ```ts
 * console.warn(missingBrowserMessage(['env: SVD_CHROMIUM is not set']));
 * ```
 */
export function missingBrowserMessage(tried: readonly string[], required = browserRequired()): string {
  return [
    '',
    required
      ? '*** No headless Chromium found, and CI=true: the real-browser tests FAIL. ***'
      : '*** No headless Chromium found: the real-browser tests are SKIPPED. ***',
    ...tried.map((t) => `    tried ${t}`),
    `    Fix: set ${BROWSER_ENV}=/path/to/chromium, or install Chromium or Chrome.`,
    '    (Under CI=true a missing browser is a failure, not a skip.)',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The npm-shipped Chromium

// Written next to the unpacked browser; named apart from the package's own fonts/fonts.conf.
const FONTS_CONF = 'svd-fonts.conf';

async function npmChromium(env: NodeJS.ProcessEnv, tried: string[]): Promise<ResolvedBrowser | null> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    tried.push(`npm: @sparticuz/chromium ships only for linux-x64 (this is ${process.platform}-${process.arch})`);
    return null;
  }
  let packageDir: string;
  try {
    // The package's exports hide package.json; its entry point sits two levels below the root.
    packageDir = join(dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium'))), '..', '..');
  } catch {
    tried.push('npm: @sparticuz/chromium is not installed (run pnpm install)');
    return null;
  }
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const { default: Sparticuz } = await import('@sparticuz/chromium');
  const args = Sparticuz.args;

  const root = env[BROWSER_CACHE_ENV] || join(tmpdir(), `svd-chromium-${process.getuid?.() ?? 'user'}`);
  const cacheDir = privateDirectory(root);
  const finalDir = cacheDir ? join(cacheDir, version) : null;
  const found = (dir: string): ResolvedBrowser => ({
    source: 'npm',
    executablePath: join(dir, 'chromium'),
    args,
    env: { FONTCONFIG_FILE: join(dir, FONTS_CONF) },
    description: `${join(dir, 'chromium')} (@sparticuz/chromium ${version}, npm)`,
  });
  if (finalDir && isFile(join(finalDir, 'chromium')) && isFile(join(finalDir, FONTS_CONF))) {
    tried.push(`npm: @sparticuz/chromium ${version}, unpacked at ${finalDir}`);
    return found(finalDir);
  }

  // Unpack into a fresh private staging directory, then move it into place in one rename.
  const staging = mkdtempSync(join(cacheDir ?? tmpdir(), cacheDir ? `${version}.staging-` : 'svd-chromium-'));
  const savedTmpdir = process.env.TMPDIR;
  let unpacked: Promise<string>;
  // Every tmpdir() the package reads happens synchronously inside this call, before its first await.
  process.env.TMPDIR = staging;
  try {
    unpacked = Sparticuz.executablePath(join(packageDir, 'bin'));
  } finally {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
  }
  const stagedPath = await unpacked;
  if (stagedPath !== join(staging, 'chromium')) {
    throw new Error(
      `launchBrowser: @sparticuz/chromium unpacked to ${stagedPath}, expected ${join(staging, 'chromium')}`,
    );
  }
  // The shipped fonts.conf names /tmp/fonts; ours names the unpacked fonts, then the system's.
  const fontsDir = join(finalDir ?? staging, 'fonts');
  writeFileSync(
    join(staging, FONTS_CONF),
    '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n' +
      `  <dir>${fontsDir}</dir>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n</fontconfig>\n`,
  );
  if (!finalDir) {
    tried.push(`npm: @sparticuz/chromium ${version}, unpacked to a one-off ${staging} (${root} is not private)`);
    return found(staging);
  }
  try {
    renameSync(staging, finalDir);
  } catch (e) {
    // Another process finished first: its copy is complete (renames are atomic), use it.
    rmSync(staging, { recursive: true, force: true });
    if (!isFile(join(finalDir, 'chromium'))) throw e;
  }
  tried.push(`npm: @sparticuz/chromium ${version}, unpacked to ${finalDir}`);
  return found(finalDir);
}

/** `dir`, created 0700 if absent; `null` if it is a symlink, not ours, or writable by others. */
function privateDirectory(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const s = lstatSync(dir);
    const uid = process.getuid?.();
    if (!s.isDirectory() || (uid !== undefined && s.uid !== uid) || (s.mode & 0o022) !== 0) return null;
    return dir;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// A system Chromium or Chrome

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function systemCandidates(env: NodeJS.ProcessEnv): string[] {
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => SYSTEM_NAMES.map((name) => join(dir, process.platform === 'win32' ? `${name}.exe` : name)));
  if (process.platform === 'darwin') {
    return [
      ...onPath,
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ];
  }
  if (process.platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    return [...onPath, ...roots.map((r) => join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'))];
  }
  return onPath;
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
