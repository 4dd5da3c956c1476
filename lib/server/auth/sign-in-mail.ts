import "server-only";
import { getTranslations } from "next-intl/server";
import { getEnv } from "../env";
import { sendMail } from "../mail";

/** The sign-in mail: the code, and a link to a page that asks for a click before using it. */
export async function sendSignInCodeMail(email: string, code: string): Promise<void> {
  const t = await getTranslations("auth.mail");
  const link = `${getEnv().appUrl}/login/verify?${new URLSearchParams({ email, code })}`;
  await sendMail({
    to: email,
    subject: t("subject"),
    text: t("body", { code, link, minutes: 10 }),
  });
}
