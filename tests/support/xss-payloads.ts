/**
 * The XSS payloads every place that shows user text is tested with (comment threads, inbox,
 * e-mail): markup, event handlers, script addresses in Markdown links and autolinks, encodings
 * and broken markup that browsers repair.
 */
export const XSS_PAYLOADS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(1)>',
  "<iframe src=javascript:alert(1)></iframe>",
  "[klicka](javascript:alert(1))",
  "[klicka](JaVaScRiPt:alert(1))",
  "[klicka](  javascript:alert(1))",
  "[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[klicka](vbscript:msgbox(1))",
  "[klicka](//evil.example/x)",
  "<javascript:alert(1)>",
  "![x](javascript:alert(1))",
  '![x](https://example.org/x.png"onerror="alert(1))',
  "<a href=\"javascript:alert(1)\">länk</a>",
  "<div style=\"background:url(javascript:alert(1))\">x</div>",
  "<details open ontoggle=alert(1)>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "[a](javascript&#58;alert(1))",
  "<form action=javascript:alert(1)><input type=submit>",
  "@[<img src=x onerror=alert(1)>](user:2f0b1c9e-7a51-4d7e-9a3e-1b2c3d4e5f60)",
  "`<script>alert(1)</script>`",
  "```\n<script>alert(1)</script>\n```",
] as const;
