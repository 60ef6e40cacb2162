/**
 * Loads matrix-bot-sdk whether or not the native end-to-end encryption binding is installed.
 *
 * The SDK's MatrixClient requires `@matrix-org/matrix-sdk-crypto-nodejs` at load time, and that
 * package throws when its native binary is missing (its postinstall downloads the binary, which
 * fails without network). Without it we put an inert stand-in into Node's module cache first, so
 * the SDK loads, unencrypted rooms work and crypto is reported unavailable. The SDK only touches
 * the crypto module when a crypto store is given, which we never do without the binding.
 *
 * The binary can also be a file of its own (built from source, see `.ci/build-crypto.sh`): given its
 * path (`MATRIX_CRYPTO_BINDING`), its exports fill the stand-in, which the SDK reads at call time.
 * Whether a client gets crypto is decided per call: a caller without the path stays unencrypted even
 * after another one filled the stand-in (tests run both in one process).
 *
 * Loading goes through Node's module loader itself (`Module._load` with a parent here), not the
 * caller's `require`, so the stand-in also works under jest, whose registry replaces `require` and
 * `createRequire` but leaves the loader alone.
 */
import Module from 'node:module';
import { dirname, resolve } from 'node:path';
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

let loaded: { sdk: Sdk; binding?: CryptoBinding; stub?: UnavailableStub } | undefined;

/** The SDK, and the crypto binding when the package itself loads or `bindingPath` names its `.node` file. */
export function loadMatrixSdk(bindingPath?: string): LoadedSdk {
  const loader = Module as unknown as Loader;
  if (!loaded) {
    const parent = new loader(__filename);
    parent.filename = __filename;
    parent.paths = loader._nodeModulePaths(dirname(__filename));
    let binding: CryptoBinding | UnavailableStub;
    try {
      // A second load in the same process (e.g. jest's fresh module registry per test file) finds
      // the stub a first load left in Node's module cache.
      binding = loader._load(CRYPTO_MODULE, parent, false) as CryptoBinding | UnavailableStub;
    } catch (err) {
      binding = installStub(loader, parent, firstLine(err));
    }
    const sdk = loader._load('matrix-bot-sdk', parent, false) as Sdk;
    loaded = STUB in binding ? { sdk, stub: binding } : { sdk, binding };
  }
  const { sdk, binding, stub } = loaded;
  if (binding) return { sdk, crypto: binding };
  if (!bindingPath) return { sdk, cryptoProblem: stub![STUB] };
  try {
    const file = loader._load(resolve(bindingPath), new loader(__filename), false) as CryptoBinding;
    Object.assign(stub!, file);
    return { sdk, crypto: file };
  } catch (err) {
    return { sdk, cryptoProblem: `MATRIX_CRYPTO_BINDING=${bindingPath}: ${firstLine(err)}` };
  }
}

/** Marks the stand-in; its value is why the package did not load. */
const STUB = Symbol.for('opsdesk.matrix-crypto-stub');

interface UnavailableStub {
  [STUB]: string;
}

function installStub(loader: Loader, parent: NodeJS.Module, problem: string): UnavailableStub {
  let path: string;
  try {
    path = loader._resolveFilename(CRYPTO_MODULE, parent);
  } catch {
    // The package is not installed at all: send the name to a path that exists only in the cache.
    path = STUB_PATH;
    const resolveName = loader._resolveFilename;
    loader._resolveFilename = (request: string, ...rest: unknown[]) =>
      request === CRYPTO_MODULE ? STUB_PATH : resolveName.call(loader, request, ...(rest as [NodeJS.Module]));
  }
  const stub = new loader(path);
  stub.filename = path;
  stub.loaded = true;
  // Filled by a binding file later (not frozen); the SDK reads its members only when crypto is used.
  const exports = {} as UnavailableStub;
  Object.defineProperty(exports, STUB, { value: problem });
  stub.exports = exports;
  loader._cache[path] = stub;
  return exports;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}
