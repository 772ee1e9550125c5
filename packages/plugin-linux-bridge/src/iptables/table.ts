// The in-memory model of one iptables table (os-vif IptablesTable): our
// chains and rules. Wrapped chains are ours alone and rendered as
// `<binary>-<name>`; unwrapped chains (nova-filter-top) are shared by name.
import { UnknownChainError } from './errors';
import { validateChainName } from './names';

export interface IptablesRule {
  /** Chain as declared: the short name for wrapped chains. */
  readonly chain: string;
  /** Rule text without `-A <chain>`, `$x` jumps already resolved to `<binary>-x`. */
  readonly rule: string;
  readonly wrap: boolean;
  /** Kept at the very top of the table block (the jumps into nova-filter-top). */
  readonly top: boolean;
}

export class IptablesTable {
  private readonly wrapped = new Set<string>();
  private readonly unwrapped = new Set<string>();
  private readonly ruleList: IptablesRule[] = [];

  constructor(
    readonly name: string,
    readonly binaryName: string,
  ) {}

  get chains(): readonly string[] {
    return [...this.wrapped];
  }

  get unwrappedChains(): readonly string[] {
    return [...this.unwrapped];
  }

  get rules(): readonly IptablesRule[] {
    return this.ruleList;
  }

  hasChain(name: string, wrap = true): boolean {
    return (wrap ? this.wrapped : this.unwrapped).has(name);
  }

  addChain(name: string, wrap = true): void {
    validateChainName(wrap ? this.wrappedName(name) : name);
    (wrap ? this.wrapped : this.unwrapped).add(name);
  }

  /** The full chain name as iptables sees it. */
  chainName(chain: string, wrap: boolean): string {
    return wrap ? this.wrappedName(chain) : chain;
  }

  wrappedName(chain: string): string {
    return `${this.binaryName}-${chain}`;
  }

  /** Adds the rule unless an identical one is there; true when it was added. */
  addRule(chain: string, rule: string, wrap = true, top = false): boolean {
    if (wrap && !this.wrapped.has(chain)) throw new UnknownChainError(this.name, chain);
    const text = normalizeRuleText(
      rule
        .split(' ')
        .map((w) => (w.startsWith('$') ? this.wrappedName(w.slice(1)) : w))
        .join(' '),
    );
    if (this.find(chain, text, wrap, top) >= 0) return false;
    this.ruleList.push({ chain, rule: text, wrap, top });
    return true;
  }

  /** Removes an identical rule; true when there was one. */
  removeRule(chain: string, rule: string, wrap = true, top = false): boolean {
    const text = normalizeRuleText(
      rule
        .split(' ')
        .map((w) => (w.startsWith('$') ? this.wrappedName(w.slice(1)) : w))
        .join(' '),
    );
    const i = this.find(chain, text, wrap, top);
    if (i < 0) return false;
    this.ruleList.splice(i, 1);
    return true;
  }

  private find(chain: string, text: string, wrap: boolean, top: boolean): number {
    return this.ruleList.findIndex((r) => r.chain === chain && r.rule === text && r.wrap === wrap && r.top === top);
  }
}

/** Single spaces, no surrounding blanks: the form iptables-save prints. */
export function normalizeRuleText(rule: string): string {
  return rule.trim().split(/\s+/).join(' ');
}
