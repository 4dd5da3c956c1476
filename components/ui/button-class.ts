export type ButtonVariant = "primary" | "secondary" | "danger" | "quiet";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-brand-700 text-white hover:bg-brand-800 border border-brand-700",
  secondary: "bg-white text-brand-800 border border-brand-700 hover:bg-brand-50",
  danger: "bg-white text-danger border border-danger hover:bg-red-50",
  quiet: "bg-transparent text-brand-800 border border-transparent hover:bg-brand-50 underline",
};

/** Button styles shared by buttons and button-like links (min 44 px target, WCAG 2.5.5 spirit). */
export function buttonClass(variant: ButtonVariant = "primary"): string {
  return `inline-flex min-h-11 items-center justify-center gap-2 rounded px-4 py-2 font-semibold no-underline aria-disabled:opacity-60 ${VARIANTS[variant]}`;
}
