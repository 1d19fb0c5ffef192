// Every IoC table of the pack, oldest publication first. A value several publications list (a
// sample, a certificate) becomes one indicator citing all of them (indicators.ts).

import { AMAZON_NL_BE_2022 } from './amazon-nl-be-2022.js';
import { INTERCEPTION_2020 } from './interception-2020.js';
import type { IocTable } from './ioc.js';
import { LINUX_3CX_2023 } from './linux-3cx-2023.js';
import { SPANISH_AEROSPACE_2023 } from './spanish-aerospace-2023.js';
import { THREAT_REPORT_2020_Q2 } from './threat-report-2020-q2.js';
import { THREAT_REPORT_2020_Q4 } from './threat-report-2020-q4.js';
import { THREAT_REPORT_2021_T1 } from './threat-report-2021-t1.js';

export const IOC_TABLES: readonly IocTable[] = [
  INTERCEPTION_2020,
  THREAT_REPORT_2020_Q2,
  THREAT_REPORT_2020_Q4,
  THREAT_REPORT_2021_T1,
  AMAZON_NL_BE_2022,
  LINUX_3CX_2023,
  SPANISH_AEROSPACE_2023,
];
