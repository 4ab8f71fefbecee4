import type { Role } from '@sasaeai/contracts';
import type { DbOrTx } from '../client.ts';
import {
  replaceRoles,
  upsertUsers,
  writeResidentProfiles,
  writeVolunteerProfiles,
  type RoleSeed,
} from './accounts.ts';
import { noProgress, type OnProgress } from './progress.ts';
import { fiscalYearEnd, fiscalYearOf, jstInstant, type JstDay } from './time.ts';

/**
 * DEMO-ONLY credentials. These accounts exist only in demo databases (`is_demo = true`); a
 * production start refuses to run while any demo account exists (see `countDemoAccounts`).
 * The password is public on purpose: never reuse it anywhere.
 */
export const DEMO_PASSWORD = 'sasaeai-demo-2026';

export type DemoAccountKey =
  'resident' | 'volunteer' | 'coordinator' | 'council' | 'admin' | 'both' | 'minsei';

export interface DemoAccount {
  email: string;
  displayName: string;
  /** Role assignments; `district` is a district code for coordinators and 民生委員, else null. */
  roles: readonly { role: Role; district: string | null }[];
  label: { ja: string; en: string };
}

export const DEMO_CREDENTIALS: {
  readonly password: string;
  readonly accounts: Readonly<Record<DemoAccountKey, DemoAccount>>;
} = {
  password: DEMO_PASSWORD,
  accounts: {
    resident: {
      email: 'resident@demo.sasaeai.jp',
      displayName: '北野 ハナ',
      roles: [{ role: 'resident', district: null }],
      label: { ja: '利用者（中央地区）', en: 'Resident (Chuo)' },
    },
    volunteer: {
      email: 'volunteer@demo.sasaeai.jp',
      displayName: '南 大地',
      roles: [{ role: 'volunteer', district: null }],
      label: { ja: '担い手（中央地区）', en: 'Volunteer (Chuo)' },
    },
    coordinator: {
      email: 'coordinator@demo.sasaeai.jp',
      displayName: '西田 恵',
      roles: [
        { role: 'coordinator', district: 'chuo' },
        { role: 'coordinator', district: 'shin-asahikawa' },
      ],
      label: { ja: 'コーディネーター（中央・新旭川）', en: 'Coordinator (Chuo, Shin-Asahikawa)' },
    },
    council: {
      email: 'council@demo.sasaeai.jp',
      displayName: '高田 誠',
      roles: [{ role: 'council', district: null }],
      label: { ja: '市・市社協職員', en: 'City / council staff' },
    },
    admin: {
      email: 'admin@demo.sasaeai.jp',
      displayName: 'システム管理者',
      roles: [{ role: 'admin', district: null }],
      label: { ja: 'システム管理者', en: 'Administrator' },
    },
    both: {
      email: 'both@demo.sasaeai.jp',
      displayName: '東 ゆき',
      roles: [
        { role: 'resident', district: null },
        { role: 'volunteer', district: null },
      ],
      label: {
        ja: '利用者かつ担い手（新旭川地区）',
        en: 'Resident and volunteer (Shin-Asahikawa)',
      },
    },
    minsei: {
      email: 'minsei@demo.sasaeai.jp',
      displayName: '森 和子',
      roles: [{ role: 'minsei_iin', district: 'chuo' }],
      label: { ja: '民生委員（中央地区）', en: '民生委員 (Chuo)' },
    },
  },
};

export const DEMO_ACCOUNT_KEYS = Object.keys(DEMO_CREDENTIALS.accounts) as DemoAccountKey[];

export interface SeedDemoAccountsOptions {
  districtIds: ReadonlyMap<string, string>;
  /** argon2id hash of DEMO_PASSWORD, computed once and shared by every demo account. */
  passwordHash: string;
  today: JstDay;
  onProgress?: OnProgress;
}

/** The seven log-in demo accounts, their roles and profiles. Returns user ids by account key. */
export async function seedDemoAccounts(
  db: DbOrTx,
  { districtIds, passwordHash, today, onProgress = noProgress }: SeedDemoAccountsOptions,
): Promise<Record<DemoAccountKey, string>> {
  const district = (code: string): string => {
    const id = districtIds.get(code);
    if (!id) throw new Error(`demo accounts: unknown district ${code}`);
    return id;
  };
  const accounts = DEMO_CREDENTIALS.accounts;
  const byEmail = await upsertUsers(
    db,
    DEMO_ACCOUNT_KEYS.map((key) => ({
      email: accounts[key].email,
      displayName: accounts[key].displayName,
      passwordHash,
    })),
  );
  const ids = Object.fromEntries(
    DEMO_ACCOUNT_KEYS.map((key) => [key, byEmail.get(accounts[key].email) as string]),
  ) as Record<DemoAccountKey, string>;

  const roles: RoleSeed[] = DEMO_ACCOUNT_KEYS.flatMap((key) =>
    accounts[key].roles.map(({ role, district: code }) => ({
      userId: ids[key],
      role,
      districtId: code === null ? null : district(code),
      // Staff roles are granted by an admin; residents and volunteers sign themselves up.
      grantedBy:
        role === 'coordinator' || role === 'council' || role === 'minsei_iin' ? ids.admin : null,
    })),
  );
  await replaceRoles(db, Object.values(ids), roles);

  await writeResidentProfiles(db, [
    {
      userId: ids.resident,
      fullName: accounts.resident.displayName,
      fullNameKana: 'きたの はな',
      phone: '0166-03-2471',
      address: '旭川市5条通9丁目3-12',
      districtId: district('chuo'),
      contactPreference: 'phone',
      consentAt: jstInstant(today, -60, 10 * 60),
      consentMethod: 'online_form',
      consentRecordedBy: null,
    },
    {
      userId: ids.both,
      fullName: accounts.both.displayName,
      fullNameKana: 'あずま ゆき',
      phone: '0166-05-8830',
      address: '旭川市東4条3丁目5-8',
      districtId: district('shin-asahikawa'),
      contactPreference: 'email',
      consentAt: jstInstant(today, -45, 14 * 60),
      consentMethod: 'online_form',
      consentRecordedBy: null,
    },
  ]);

  const insuredUntil = fiscalYearEnd(fiscalYearOf(today));
  await writeVolunteerProfiles(db, [
    {
      userId: ids.volunteer,
      kind: 'individual',
      groupName: null,
      headcount: 1,
      representativeName: null,
      skills: ['snow', 'weeding', 'rubbish', 'shopping'],
      equipment: ['スノーダンプ', 'スコップ'],
      helpsNeighbours: true,
      maxTasksPerWeek: 5,
      verification: 'active',
      verifiedBy: ids.coordinator,
      verifiedAt: jstInstant(today, -90, 11 * 60),
      insuranceExpiresOn: insuredUntil,
      trusted: false,
      districtIds: [district('chuo')],
      // Free every day from 7:00 to 20:00, so any demo request fits the demo volunteer.
      availability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
        weekday,
        startMinute: 7 * 60,
        endMinute: 20 * 60,
      })),
    },
    {
      // Supported with snow clearing, and helps others with shopping and visits.
      userId: ids.both,
      kind: 'individual',
      groupName: null,
      headcount: 1,
      representativeName: null,
      skills: ['shopping', 'visit'],
      equipment: [],
      helpsNeighbours: false,
      maxTasksPerWeek: 2,
      verification: 'active',
      verifiedBy: ids.coordinator,
      verifiedAt: jstInstant(today, -40, 15 * 60),
      insuranceExpiresOn: insuredUntil,
      trusted: false,
      districtIds: [district('shin-asahikawa')],
      availability: [
        { weekday: 2, startMinute: 13 * 60, endMinute: 16 * 60 },
        { weekday: 4, startMinute: 13 * 60, endMinute: 16 * 60 },
      ],
    },
  ]);
  onProgress({
    step: 'demo accounts',
    done: DEMO_ACCOUNT_KEYS.length,
    total: DEMO_ACCOUNT_KEYS.length,
  });
  return ids;
}
