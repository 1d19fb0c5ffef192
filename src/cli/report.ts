// Renders STIX problems for a person: one line each, located by file, line, column and JSON path.

import type { Issue } from '../stix/issue.js';

export interface Located {
  file: string;
  line: number;
  column: number;
  id?: string;
}

export function formatIssue(where: Located, issue: Issue): string {
  const id = issue.objectId ?? where.id;
  const subject = id === undefined ? issue.path : `${id} ${issue.path}`;
  return `${where.file}:${where.line}:${where.column}: ${issue.severity} [${issue.code}] ${subject}: ${issue.message}`;
}
