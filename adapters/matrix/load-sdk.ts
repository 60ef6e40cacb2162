/**
 * Loads matrix-bot-sdk whether or not the native end-to-end encryption binding is installed.
 *
 * The SDK's MatrixClient requires `@matrix-org/matrix-sdk-crypto-nodejs` at load time, and that
 * package throws when its native binary is missing (its postinstall downloads the binary, which
 * fails without network). Without it we put an inert stand-in into Node's module cache first, so
 * the SDK loads, unencrypted rooms work and crypto is reported unavailable. The SDK only touches
 * the crypto module when a crypto store is given, which we never do without the binding.
 *
 * Loading goes through Node's module loader itself (`Module._load` with a parent here), not the
 * caller's `require`, so the stand-in also works under jest, whose registry replaces `require` and
 * `createRequire` but leaves the loader alone.
 */
import Module from 'node:module';
import { dirname } from 'node:path';
import type * as MatrixSdk from 'matrix-bot-sdk';

export type Sdk = typeof MatrixSdk;
/** The crypto binding's exports that opsdesk uses (only when it is really there). */
export interface CryptoBinding {
  StoreType: { Sqlite: number };
}

export interface LoadedSdk {
  sdk: Sdk;
  /** The native crypto binding, when it loaded. */
  crypto?: CryptoBinding;
  /** Why crypto is unavailable (for the one warning). */
  cryptoProblem?: string;
}

/** The parts of Node's Module that are not in its typings. */
interface Loader {
  new (id: string): NodeJS.Module & { paths: string[] };
  _load(request: string, parent: NodeJS.Module, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: NodeJS.Module, ...rest: unknown[]): string;
  _nodeModulePaths(dir: string): string[];
  _cache: Record<string, NodeJS.Module>;
}

const CRYPTO_MODULE = '@matrix-org/matrix-sdk-crypto-nodejs';
const STUB_PATH = '/opsdesk/matrix-sdk-crypto-nodejs-unavailable.js';

let loaded: LoadedSdk | undefined;

export function loadMatrixSdk(): LoadedSdk {
  if (loaded) return loaded;
  const loader = Module as unknown as Loader;
  const parent = new loader(__filename);
  parent.filename = __filename;
  parent.paths = loader._nodeModulePaths(dirname(__filename));
  let crypto: CryptoBinding | undefined;
  let cryptoProblem: string | undefined;
  try {
    const binding = loader._load(CRYPTO_MODULE, parent, false) as CryptoBinding | UnavailableStub;
    // A second load in the same process (e.g. jest's fresh module registry per test file) finds
    // the stub a first load left in Node's module cache: still unavailable, for the same reason.
    if ('opsdeskUnavailable' in binding) cryptoProblem = binding.problem;
    else crypto = binding;
  } catch (err) {
    cryptoProblem = firstLine(err);
    installStub(loader, parent, cryptoProblem);
  }
  const sdk = loader._load('matrix-bot-sdk', parent, false) as Sdk;
  loaded = { sdk, crypto, cryptoProblem };
  return loaded;
}

interface UnavailableStub {
  opsdeskUnavailable: true;
  problem: string;
}

function installStub(loader: Loader, parent: NodeJS.Module, problem: string): void {
  let path: string;
  try {
    path = loader._resolveFilename(CRYPTO_MODULE, parent);
  } catch {
    // The package is not installed at all: send the name to a path that exists only in the cache.
    path = STUB_PATH;
    const resolve = loader._resolveFilename;
    loader._resolveFilename = (request: string, ...rest: unknown[]) =>
      request === CRYPTO_MODULE ? STUB_PATH : resolve.call(loader, request, ...(rest as [NodeJS.Module]));
  }
  const stub = new loader(path);
  stub.filename = path;
  stub.loaded = true;
  stub.exports = Object.freeze({ opsdeskUnavailable: true, problem } satisfies UnavailableStub);
  loader._cache[path] = stub;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}
