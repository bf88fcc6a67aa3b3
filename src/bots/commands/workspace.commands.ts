import { z } from "zod";
import type { Actor } from "../../domain/members/member.js";
import type { Reply } from "../render/reply.js";
import { button, defineAction } from "./actions.js";
import { optionalCode } from "./link.commands.js";
import { defineCommand, noArgs, type CommandContext } from "./registry.js";

/** `/crm workspace`: which workspace this chat works in, its owner, its chats, and who you are there. */
export const crmWorkspace = defineCommand({
  name: "crm workspace",
  usage: "/crm workspace",
  example: "/crm workspace",
  summary: "cmd.crm.workspace",
  args: noArgs,
  async run(_input, ctx): Promise<Reply> {
    const { t } = ctx;
    const { workspace, owner, chats, you } = await ctx.services.workspaces.overview(ctx.actor);
    return {
      title: t("workspace.title", { workspace: workspace.name }),
      fields: [
        { label: t("workspace.owner"), value: owner ? `@${owner.handle} (${owner.displayName})` : t("workspace.no_owner") },
        { label: t("workspace.you"), value: t("workspace.you_are", { handle: you.handle, role: t(`role.${you.role}`) }) },
      ],
      lines: [
        t("workspace.chats"),
        ...chats.map((chat) =>
          chat.title
            ? t("workspace.chat.row", { platform: chat.platform, chat: chat.title })
            : t("workspace.chat.private", { platform: chat.platform }),
        ),
      ],
      tone: "info",
    };
  },
});

/** `/crm members`: everyone in this chat's workspace with their role. */
export const crmMembers = defineCommand({
  name: "crm members",
  usage: "/crm members",
  example: "/crm members",
  summary: "cmd.crm.members",
  args: noArgs,
  async run(_input, ctx): Promise<Reply> {
    const { t } = ctx;
    const members = await ctx.services.workspaces.members(ctx.actor);
    return {
      title: t("members.title", { workspace: ctx.actor.workspace.name }),
      lines: members.map((member) =>
        t("members.row", {
          handle: member.handle,
          name: member.kind === "anonymous_admin" ? t("members.anonymous", { chat: member.displayName }) : member.displayName,
          role: t(`role.${member.role}`),
        }),
      ),
      tone: "info",
    };
  },
});

/** The caller's workspaces as buttons; each press makes the private chat work in that one. */
function workspaceChoice(ctx: CommandContext, mine: Actor[], headline: string): Reply {
  return {
    title: ctx.t("use.title"),
    lines: [headline],
    actions: mine
      .filter((membership) => membership.workspace.id !== ctx.actor.workspace.id)
      .map((membership) => button(ctx, "ws.use", membership.workspace.id, membership.workspace.name)),
    private: true,
    tone: "info",
  };
}

/** `/crm use`: in a private chat, lists your workspaces; `/crm use <n>` picks the n-th of that list. */
export const crmUse = defineCommand({
  name: "crm use",
  usage: "/crm use [<number>]",
  example: "/crm use 2",
  summary: "cmd.crm.use",
  args: z
    .string()
    .trim()
    .regex(/^(\d{1,3})?$/, "args.workspace_number")
    .transform((text) => (text === "" ? null : Number(text))),
  async run(pick, ctx) {
    if (!ctx.caller?.private) return { lines: [ctx.t("use.private_only", { workspace: ctx.actor.workspace.name })], tone: "error", private: true };
    const mine = await ctx.services.workspaces.mine(ctx.caller);
    const chosen = pick === null ? undefined : mine[pick - 1];
    if (!chosen) {
      return {
        ...workspaceChoice(ctx, mine, ctx.t("use.current", { workspace: ctx.actor.workspace.name })),
        fields: mine.map((membership, index) => ({ label: String(index + 1), value: membership.workspace.name })),
      };
    }
    const now = await ctx.services.workspaces.use(ctx.caller, chosen.workspace.id);
    return { lines: [ctx.t("use.switched", { workspace: now.workspace.name })], tone: "ok", private: true };
  },
});

/** A press on one of `/crm use`'s buttons (the record id is the workspace's; membership is checked again). */
export const useWorkspaceAction = defineAction({
  name: "ws.use",
  async run(workspaceId, ctx) {
    if (!ctx.caller?.private) return { kind: "alert", text: ctx.t("use.private_only", { workspace: ctx.actor.workspace.name }) };
    const now = await ctx.services.workspaces.use(ctx.caller, workspaceId);
    return { kind: "edit", reply: { lines: [ctx.t("use.switched", { workspace: now.workspace.name })], tone: "ok" } };
  },
});

/** `/crm join` in a private chat gives an admin a one-time code; `/crm join <code>` in a group joins it. */
export const crmJoin = defineCommand({
  name: "crm join",
  usage: "/crm join [<code>]",
  example: "/crm join K7QP2XWM",
  summary: "cmd.crm.join",
  args: optionalCode,
  async run(code, ctx) {
    if (!ctx.caller) throw new Error("crm join needs the caller");
    if (code === "") {
      const issued = await ctx.services.links.issueJoin(ctx.actor, ctx.caller);
      return {
        title: ctx.t("join.code", { code: issued.code, workspace: issued.workspace }),
        lines: [ctx.t("join.how", { code: issued.code, minutes: issued.minutes, workspace: issued.workspace })],
        private: true,
        tone: "info",
      };
    }
    const joined = await ctx.services.links.join(ctx.actor, ctx.caller, code);
    return { lines: [ctx.t("join.done", { workspace: joined.workspaceName })], tone: "ok" };
  },
});

export const workspaceCommands = [crmWorkspace, crmMembers, crmUse, crmJoin];
export const workspaceActions = [useWorkspaceAction];
