/** Loads the plan's indicators and the yearly history of the system-measured ones. */
import type { RequestEvent } from '@sveltejs/kit';
import { apiGet } from '$lib/server/api';
import { loaded } from '$lib/server/guard';
import type { IndicatorHistoryData, IndicatorListData } from './types';

type LoadEvent = Pick<RequestEvent, 'request' | 'cookies' | 'getClientAddress' | 'locals' | 'url'>;

export async function loadIndicators(event: LoadEvent) {
  const list = loaded(event, await apiGet<IndicatorListData>(event, '/api/council/indicators'));
  const systemCodes = list.indicators.filter((i) => i.measuredBy === 'system').map((i) => i.code);
  const histories: Record<string, IndicatorHistoryData | null> = {};
  await Promise.all(
    systemCodes.map(async (code) => {
      const result = await apiGet<IndicatorHistoryData>(
        event,
        `/api/council/indicators/${encodeURIComponent(code)}/history`,
      );
      histories[code] = result.ok ? result.data : null;
    }),
  );
  return { ...list, histories };
}
