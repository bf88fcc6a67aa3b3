import type { DateTime } from "luxon";
import { todayIn, type CalendarDate } from "../invoices/invoice.js";
import { approvalPolicy, decisionRefusal } from "../invoices/invoice.policy.js";
import { OPEN_STAGES } from "../leads/lead.js";
import { zoneOf, type Actor } from "../members/member.js";
import { localDay } from "../reminders/digest.js";
import type { Clock } from "../shared/clock.js";
import type { Task } from "../tasks/task.js";
import type { TaskRepo } from "../tasks/task.repo.js";
import type { HomeInvoice, HomeRepo, OpenRound, StageLeads } from "./home.repo.js";

export type HomeDeps = { home: HomeRepo; tasks: Pick<TaskRepo, "list">; clock: Clock };

/** What one person's Home shows; each list is cut to a few, with the full count beside it. */
export type HomeOverview = {
  now: DateTime;
  /** The workspace's today, which decides whether an invoice is overdue. */
  today: CalendarDate;
  /** Their open tasks due before the end of their own today: today's and the overdue ones. */
  tasks: { items: Task[]; total: number };
  /** Their open leads per open stage (stages with none left out). */
  leads: StageLeads[];
  /** Approval requests this person may decide now. */
  approvals: { items: OpenRound[]; total: number };
  /** Invoices they created that the customer has not paid in time. */
  overdue: { items: HomeInvoice[]; total: number };
};

const SHOWN = 8;
const LEADS_PER_STAGE = 3;
// Rounds read before filtering by who may decide: more than a Home shows, fewer than a page of the list.
const ROUNDS_READ = 50;

export function createHomeUseCases({ home, tasks, clock }: HomeDeps) {
  return {
    async overview(actor: Actor): Promise<HomeOverview> {
      const { workspace, member } = actor;
      const now = clock.now();
      const today = todayIn(now, workspace.timezone);
      const { end } = localDay(now, zoneOf(member, workspace));
      const policy = approvalPolicy(workspace.settings);
      const [due, leads, rounds, overdue] = await Promise.all([
        tasks.list(workspace.id, { assigneeId: member.id, status: "open", dueBefore: end }, SHOWN),
        home.openLeads(workspace.id, member.id, OPEN_STAGES, LEADS_PER_STAGE),
        // Someone who may approve nothing is not asked about rounds at all.
        decisionRefusal(policy, member, "") === "not_approver" ? Promise.resolve([]) : home.openRounds(workspace.id, ROUNDS_READ),
        home.overdueInvoices(workspace.id, member.id, today, SHOWN),
      ]);
      const mine = rounds.filter((round) => decisionRefusal(policy, member, round.invoice.createdBy.id) === null);
      return {
        now,
        today,
        tasks: { items: due.tasks, total: due.total },
        leads: leads.filter((stage) => stage.count > 0),
        approvals: { items: mine.slice(0, SHOWN), total: mine.length },
        overdue: { items: overdue.invoices, total: overdue.total },
      };
    },
  };
}

export type HomeUseCases = ReturnType<typeof createHomeUseCases>;
