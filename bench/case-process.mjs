// The parent's handle on one case process (case.mjs): start it, time a batch, end it.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const caseFile = fileURLToPath(new URL('./case.mjs', import.meta.url));

export class CaseProcess {
  /**
   * Forks the case and waits until it is loaded, checked, calibrated and
   * warm. Rejects with the case's stderr if it fails on the way.
   */
  static async start(implName, opId, settings) {
    const child = fork(caseFile, [implName, opId, JSON.stringify(settings)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const proc = new CaseProcess(child, `${opId} on ${implName}`);
    const ready = await proc.#next();
    proc.batchSize = ready.n;
    return proc;
  }

  #child;
  #label;
  #stderr = '';
  #messages = [];
  #waiter = null;
  #exit = null;

  constructor(child, label) {
    this.#child = child;
    this.#label = label;
    child.stderr.setEncoding('utf8').on('data', (text) => (this.#stderr += text));
    child.on('message', (message) => {
      this.#messages.push(message);
      this.#wake();
    });
    child.on('exit', (code, signal) => {
      this.#exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      this.#wake();
    });
  }

  /** Times one batch in the case; resolves to ns per operation. */
  async rep() {
    this.#child.send({ type: 'rep' });
    return (await this.#next()).ns;
  }

  /** Lets the case exit, and waits for it. */
  async finish() {
    if (this.#exit) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    if (this.#child.connected) this.#child.send({ type: 'done' });
    // A case that lingers (an open handle in a binding) is not our problem to wait for.
    const timer = setTimeout(() => this.#child.kill(), 5000);
    await exited;
    clearTimeout(timer);
  }

  #wake() {
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.();
  }

  async #next() {
    for (;;) {
      if (this.#messages.length) return this.#messages.shift();
      if (this.#exit) {
        throw new Error(`benchmark case ${this.#label} ${this.#exit} before answering:\n${this.#stderr.trim()}`);
      }
      await new Promise((resolve) => (this.#waiter = resolve));
    }
  }
}
