/** The volunteer profile form's fields, shared by its page and its action. */
import type { VolunteerProfileView } from '@sasaeai/contracts';
import type { FormErrors } from './forms.ts';
import { cellsOf, equipmentOptions } from './help.ts';

export const profileFields = [
  'kind',
  'groupName',
  'headcount',
  'representativeName',
  'skills',
  'equipment',
  'districts',
  'helpsNeighbours',
  'availability',
  'maxTasksPerWeek',
] as const;
export type ProfileField = (typeof profileFields)[number];
export type ProfileFormErrors = FormErrors<ProfileField>;

export interface ProfileFormValues {
  kind: string;
  groupName: string;
  headcount: string;
  representativeName: string;
  skills: string[];
  /** Ticked known equipment. */
  equipment: string[];
  /** Anything else, as typed: 「リヤカー、脚立」. */
  equipmentOther: string;
  districts: string[];
  helpsNeighbours: boolean;
  /** Ticked cells of the week grid (`1-morning`). */
  cells: string[];
  maxTasksPerWeek: string;
}

const known = new Set<string>(equipmentOptions.map((option) => option.value));

/** The form as the saved profile fills it (or empty, for a first registration). */
export function profileValues(profile: VolunteerProfileView | null): ProfileFormValues {
  if (!profile) {
    return {
      kind: 'individual',
      groupName: '',
      headcount: '1',
      representativeName: '',
      skills: [],
      equipment: [],
      equipmentOther: '',
      districts: [],
      helpsNeighbours: false,
      cells: [],
      maxTasksPerWeek: '2',
    };
  }
  return {
    kind: profile.kind,
    groupName: profile.groupName ?? '',
    headcount: String(profile.headcount),
    representativeName: profile.representativeName ?? '',
    skills: [...profile.skills],
    equipment: profile.equipment.filter((item) => known.has(item)),
    equipmentOther: profile.equipment.filter((item) => !known.has(item)).join('、'),
    districts: [...profile.districts],
    helpsNeighbours: profile.helpsNeighbours,
    cells: [...cellsOf(profile.availability)],
    maxTasksPerWeek: String(profile.maxTasksPerWeek),
  };
}
