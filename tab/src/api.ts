import type { MeView, ViewModels, ViewName } from '../../services/domain/dashboard-views.js';
import type { DataSetView, MatrixView, ReturnsHome, ReturnView } from '../../services/domain/returns-views.js';
import type { LiveQuorumPanel } from '../../services/domain/live-quorum-facts.js';
import type { DirectoryUserRef, FieldProblem, ImportPlanView, MembersView, MembershipEditRequest } from '../../services/domain/membership-views.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For MEMBERSHIP.INVALID: what is wrong with each field. */
    readonly problems?: FieldProblem[],
  ) {
    super(message);
  }
}

export type TokenSource = () => Promise<string>;

export type MembershipFormat = 'csv' | 'xlsx' | 'json';

export interface ImportOptions {
  dryRun: boolean;
  /** YYYY-MM-DD. */
  effective?: string;
  basedOn: string;
}

interface ErrorBody {
  error?: { code: string; message: string; problems?: FieldProblem[] };
}

export class Api {
  constructor(private readonly token: TokenSource) {}

  me(): Promise<MeView> {
    return this.get<MeView>('/api/tab/me');
  }

  view<N extends ViewName>(name: N, params: Record<string, string | undefined> = {}): Promise<ViewModels[N]> {
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
    return this.get<ViewModels[N]>(`/api/tab/views/${name}${query ? `?${query}` : ''}`);
  }

  members(): Promise<MembersView> {
    return this.get<MembersView>('/api/tab/members');
  }

  /** 200: the new view; 400 MEMBERSHIP.INVALID with problems; 409 MEMBERSHIP.CHANGED. */
  editMembers(req: MembershipEditRequest): Promise<MembersView> {
    return this.send<MembersView>('/api/tab/members/edit', JSON.stringify(req), 'application/json');
  }

  searchPeople(q: string, signal?: AbortSignal): Promise<{ people: DirectoryUserRef[] }> {
    return this.get<{ people: DirectoryUserRef[] }>(`/api/tab/people?${new URLSearchParams({ q }).toString()}`, signal);
  }

  /** Sends the file as it is; a plan with problems is still a 200 (applied false). */
  importMembers(file: Blob, format: MembershipFormat, opts: ImportOptions): Promise<ImportPlanView> {
    const query = new URLSearchParams({ format, dryRun: String(opts.dryRun), basedOn: opts.basedOn });
    if (opts.effective) query.set('effective', opts.effective);
    return this.send<ImportPlanView>(`/api/tab/members/import?${query.toString()}`, file, 'application/octet-stream');
  }

  exportMembersUrl(format: MembershipFormat): string {
    return `/api/tab/members/export?format=${format}`;
  }

  /** The export needs the bearer token, so it comes as a blob rather than through a plain link. */
  async exportMembers(format: MembershipFormat): Promise<{ blob: Blob; fileName: string }> {
    const res = await fetch(this.exportMembersUrl(format), { headers: await this.headers() });
    if (!res.ok) await this.fail(res);
    const disposition = res.headers.get('Content-Disposition') ?? '';
    const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
    return { blob: await res.blob(), fileName: named ? decodeURIComponent(named) : `membership.${format}` };
  }

  returnsHome(): Promise<ReturnsHome> {
    return this.get<ReturnsHome>('/api/tab/returns');
  }

  returnsMatrix(roundId?: string): Promise<MatrixView> {
    return this.get<MatrixView>(`/api/tab/returns/matrix${roundId ? `?round=${encodeURIComponent(roundId)}` : ''}`);
  }

  returnsDataSet(year?: string): Promise<DataSetView> {
    return this.get<DataSetView>(`/api/tab/returns/data-set${year ? `?year=${encodeURIComponent(year)}` : ''}`);
  }

  returnView(roundId: string, agencyId: string): Promise<ReturnView> {
    return this.get<ReturnView>(`/api/tab/returns/${encodeURIComponent(roundId)}/${encodeURIComponent(agencyId)}`);
  }

  /** 200: the return now; 400 with problems; 409 when someone else saved or submitted first. */
  returnStep(roundId: string, agencyId: string, step: 'draft' | 'submit' | 'reopen' | 'evaluate', body: unknown): Promise<ReturnView> {
    return this.send<ReturnView>(`/api/tab/returns/${encodeURIComponent(roundId)}/${encodeURIComponent(agencyId)}/${step}`, JSON.stringify(body), 'application/json');
  }

  /** The peer review meetings of a Section 11 round (C §6.5): planned once; again plans only what is missing. */
  planPeerReviews(roundId: string, body: { place: string; time: string }): Promise<{ message: string; reviews: { agencyId: string; agency: string; date: string; time: string; kind: string }[] }> {
    return this.send(`/api/tab/returns/${encodeURIComponent(roundId)}/peer-reviews`, JSON.stringify(body), 'application/json');
  }

  openRound(body: unknown): Promise<{ kind: string; roundId: string; requested?: number }> {
    return this.send('/api/tab/returns/rounds', JSON.stringify(body), 'application/json');
  }

  /** The meeting side panel: who is in the Teams meeting for which seat, and whether it is quorate. */
  liveQuorum(chatId: string): Promise<LiveQuorumPanel> {
    return this.get<LiveQuorumPanel>(`/api/tab/live-quorum?${new URLSearchParams({ chat: chatId }).toString()}`);
  }

  private async headers(): Promise<Record<string, string>> {
    return { Authorization: `Bearer ${await this.token()}`, Accept: 'application/json' };
  }

  private async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.answer<T>(await fetch(path, { headers: await this.headers(), signal }));
  }

  private async send<T>(path: string, body: BodyInit, contentType: string): Promise<T> {
    return this.answer<T>(await fetch(path, { method: 'POST', headers: { ...(await this.headers()), 'Content-Type': contentType }, body }));
  }

  private async answer<T>(res: Response): Promise<T> {
    if (!res.ok) await this.fail(res);
    return (await res.json()) as T;
  }

  private async fail(res: Response): Promise<never> {
    const body = (await res.json().catch(() => undefined)) as ErrorBody | undefined;
    throw new ApiError(res.status, body?.error?.code ?? 'HTTP', body?.error?.message ?? `The server answered ${res.status}.`, body?.error?.problems);
  }
}

export interface TabConfig {
  sso: boolean;
  devSignIn: boolean;
}

export async function tabConfig(): Promise<TabConfig> {
  const res = await fetch('/api/tab/config');
  return res.ok ? ((await res.json()) as TabConfig) : { sso: false, devSignIn: false };
}
