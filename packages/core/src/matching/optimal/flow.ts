/** Min-cost flow over one component of the model (successive shortest paths with potentials). */
import type { Prepared } from './model.ts';
import { clusterGate, placesTaken } from './model.ts';

/** Internal cost scale: cents × SCALE, leaving room for the group tie-break (1 per place). */
export const SCALE = 4096;
/** A forced arc's bonus: larger than any instance's whole objective. */
export const FORCE = 2 ** 45;

/**
 * A branch-and-bound node: arcs forbidden, group arcs forced to take the request whole, and
 * requests that must have someone experienced on them (a first-timer's companion).
 */
export interface Node {
  forbidden: ReadonlySet<number>;
  forced: ReadonlySet<number>;
  accompanied: ReadonlySet<number>;
}

/** A pair a first-timer could not take alone. */
export const isNewcomer = (p: Prepared, pi: number) => p.pairs[pi]!.candidate.needsBuddy === true;

export interface Solved {
  node: Node;
  /** Units of flow per pair. */
  flow: Map<number, number>;
  /** Internal value (cents × SCALE + group tie-break − penalties × SCALE), forced bonus removed. */
  value: number;
}

/** Min-cost flow on one component under a node's restrictions; undefined when infeasible. */
export function solveFlow(
  p: Prepared,
  reqs: number[],
  vwList: number[],
  node: Node,
): Solved | undefined {
  // Node numbering: 0 source, 1 sink, then requests, their companion nodes, cluster gates,
  // volunteer-weeks: every arc goes from a lower number to a higher one (but into the sink).
  const nodeOfReq = new Map<number, number>();
  const nodeOfCompany = new Map<number, number>();
  const nodeOfGate = new Map<string, number>();
  const gateOfPair = new Map<number, { key: string; cap: number }>();
  const nodeOfVw = new Map<number, number>();
  let n = 2;
  for (const r of reqs) nodeOfReq.set(r, n++);
  for (const r of reqs) if (node.accompanied.has(r)) nodeOfCompany.set(r, n++);
  for (const r of reqs) {
    for (const pi of p.pairsOf[r]!) {
      const gate = clusterGate(p, pi);
      if (!gate) continue;
      gateOfPair.set(pi, gate);
      if (!nodeOfGate.has(gate.key)) nodeOfGate.set(gate.key, n++);
    }
  }
  for (const v of vwList) nodeOfVw.set(v, n++);
  const head: number[] = new Array<number>(n).fill(-1);
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const next: number[] = [];
  const addArc = (u: number, v: number, c: number, k: number): number => {
    const id = to.length;
    to.push(v, u);
    cap.push(c, 0);
    cost.push(k, -k);
    next.push(head[u]!, head[v]!);
    head[u] = id;
    head[v] = id + 1;
    return id;
  };
  const pairArc = new Map<number, number>();
  const forcedReq = new Map<number, number>();
  for (const f of node.forced) forcedReq.set(p.pairs[f]!.request, f);
  const companyArc = new Map<number, number>();
  for (const r of reqs) {
    const rn = nodeOfReq.get(r)!;
    addArc(0, rn, p.places[r]!, 0);
    // An accompanied request's experienced arcs leave from its companion node, whose first unit
    // earns FORCE: the flow puts someone experienced on it whenever it can.
    const company = nodeOfCompany.get(r);
    if (company !== undefined) {
      companyArc.set(r, addArc(rn, company, 1, -FORCE));
      if (p.places[r]! > 1) addArc(rn, company, p.places[r]! - 1, 0);
    }
    const only = forcedReq.get(r);
    for (const pi of p.pairsOf[r]!) {
      if (node.forbidden.has(pi) || (only !== undefined && only !== pi)) continue;
      const pair = p.pairs[pi]!;
      const gain = pair.cents * SCALE + (pair.group ? 1 : 0) + (only === pi ? FORCE : 0);
      const gate = gateOfPair.get(pi);
      const into = gate ? nodeOfGate.get(gate.key)! : nodeOfVw.get(pair.vw)!;
      const from = company !== undefined && !isNewcomer(p, pi) ? company : rn;
      pairArc.set(pi, addArc(from, into, pair.group ? p.places[r]! : 1, -gain));
    }
  }
  const gatesDone = new Set<string>();
  for (const [pi, gate] of gateOfPair) {
    if (gatesDone.has(gate.key)) continue;
    gatesDone.add(gate.key);
    addArc(nodeOfGate.get(gate.key)!, nodeOfVw.get(p.pairs[pi]!.vw)!, gate.cap, 0);
  }
  for (const v of vwList) {
    const vw = p.vws[v]!;
    const vn = nodeOfVw.get(v)!;
    if (vw.candidate.kind === 'group') {
      let most = 0;
      for (const pi of vw.pairs) most = Math.max(most, placesTaken(p, p.pairs[pi]!.request));
      addArc(vn, 1, vw.left * most, 0);
    } else {
      for (let k = 1; k <= vw.left; k++) {
        addArc(vn, 1, 1, p.penalty(vw.candidate, vw.done + k) * SCALE);
      }
    }
  }

  // Initial potentials: shortest distances from the requests (potential 0) in this acyclic
  // graph, one pass in node order since every arc but those into the sink goes upwards.
  const pot = new Array<number>(n).fill(0);
  for (let u = 2 + reqs.length; u < n; u++) {
    let best = 0;
    for (let e = head[u]!; e !== -1; e = next[e]!) {
      if ((e & 1) === 1 && to[e]! >= 2) best = Math.min(best, pot[to[e]!]! + cost[e ^ 1]!);
    }
    pot[u] = best;
  }
  let sinkPot = 0;
  for (let e = head[1]!; e !== -1; e = next[e]!) {
    const u = to[e]!;
    sinkPot = Math.min(sinkPot, pot[u]! + cost[e ^ 1]!);
  }
  pot[1] = sinkPot;

  const dist = new Array<number>(n);
  const prevArc = new Int32Array(n);
  let total = 0;
  // Binary heap of [distance, node].
  const heapD: number[] = [];
  const heapN: number[] = [];
  const push = (d: number, u: number) => {
    let i = heapD.length;
    heapD.push(d);
    heapN.push(u);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapD[parent]! < d || (heapD[parent] === d && heapN[parent]! <= u)) break;
      heapD[i] = heapD[parent]!;
      heapN[i] = heapN[parent]!;
      i = parent;
    }
    heapD[i] = d;
    heapN[i] = u;
  };
  const pop = (): number => {
    const top = heapN[0]!;
    const d = heapD.pop()!;
    const u = heapN.pop()!;
    const size = heapD.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (
          c + 1 < size &&
          (heapD[c + 1]! < heapD[c]! || (heapD[c + 1] === heapD[c] && heapN[c + 1]! < heapN[c]!))
        ) {
          c++;
        }
        if (heapD[c]! > d || (heapD[c] === d && heapN[c]! >= u)) break;
        heapD[i] = heapD[c]!;
        heapN[i] = heapN[c]!;
        i = c;
      }
      heapD[i] = d;
      heapN[i] = u;
    }
    return top;
  };

  for (;;) {
    dist.fill(Number.POSITIVE_INFINITY);
    dist[0] = 0;
    push(0, 0);
    while (heapD.length > 0) {
      const d = heapD[0]!;
      const u = pop();
      if (d > dist[u]!) continue;
      // Nodes not settled yet are at least as far as the sink: their potentials move by dSink.
      if (u === 1) break;
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        if (cap[e]! <= 0) continue;
        const v = to[e]!;
        const nd = d + cost[e]! + pot[u]! - pot[v]!;
        if (nd < dist[v]!) {
          dist[v] = nd;
          prevArc[v] = e;
          push(nd, v);
        }
      }
    }
    heapD.length = 0;
    heapN.length = 0;
    if (!Number.isFinite(dist[1]!)) break;
    const pathCost = dist[1]! + pot[1]! - pot[0]!;
    if (pathCost > 0) break;
    const dSink = dist[1]!;
    for (let u = 0; u < n; u++) pot[u]! += Math.min(dist[u]!, dSink);
    let push1 = Number.POSITIVE_INFINITY;
    for (let v = 1; v !== 0; v = to[prevArc[v]! ^ 1]!) push1 = Math.min(push1, cap[prevArc[v]!]!);
    for (let v = 1; v !== 0; v = to[prevArc[v]! ^ 1]!) {
      cap[prevArc[v]!]! -= push1;
      cap[prevArc[v]! ^ 1]! += push1;
    }
    total += push1 * pathCost;
  }

  const flow = new Map<number, number>();
  let value = -total;
  for (const [pi, arc] of pairArc) {
    const f = cap[arc ^ 1]!;
    if (f > 0) flow.set(pi, f);
    if (node.forced.has(pi)) {
      if (f < p.places[p.pairs[pi]!.request]!) return undefined;
      value -= FORCE * f;
    }
  }
  for (const arc of companyArc.values()) {
    if (cap[arc ^ 1]! < 1) return undefined;
    value -= FORCE;
  }
  return { node, flow, value };
}
