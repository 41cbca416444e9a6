import { loadSession } from '../auth/session';

/**
 * Files go beside /graphql (the gateway's /files/<service>/…), with the session's token:
 * a download link is good only together with the token of the person who asked for it.
 */
const auth = (): Record<string, string> => {
  const token = loadSession()?.token;
  return token ? { authorization: `Bearer ${token}` } : {};
};

/** An API refusal of a file: its stable code and message, as GraphQL errors carry them. */
export class FileError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
  /** Shaped like a GraphQL error, so errorMessage() maps the code to Chinese. */
  get extensions() {
    return { code: this.code };
  }
}

async function refusal(res: Response): Promise<FileError> {
  const body = (await res.json().catch(() => null)) as { errors?: { message: string; extensions?: { code?: string } }[] } | null;
  const e = body?.errors?.[0];
  return new FileError(e?.extensions?.code ?? (res.status === 413 ? 'FILE_TOO_LARGE' : 'NETWORK'), e?.message ?? res.statusText);
}

/** Fetches a signed link and hands the browser the file under the name the server gave it. */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { headers: auth() });
  if (!res.ok) throw await refusal(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '') || fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export interface RosterChecked {
  id: string;
  rowsTotal: number;
  rowsOk: number;
  rowsWithProblems: number;
}

/** Uploads a roster; the answer comes once every row is checked (the dry run). */
export async function uploadRoster(file: File): Promise<RosterChecked> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch('/files/members/upload/roster', { method: 'POST', body: form, headers: auth() });
  if (!res.ok) throw await refusal(res);
  return (await res.json()) as RosterChecked;
}

/** The roster template: the header row and one example, as CSV with a BOM so Excel shows the Chinese. */
export const ROSTER_TEMPLATE = '\uFEFF姓名,性别,出生日期,身份证号,手机号,用工类型,企业工会编码\r\n张三,男,1990-03-07,110101199003071234,13812345678,外卖骑手,LJ-01-01-0001\r\n';
