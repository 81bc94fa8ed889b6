// The client space's one style sheet, served as /static/style.css (the CSP
// allows no inline style). Plain and readable in the manner of the GOV.UK
// Design System; the ALIAS red/orange/green of the states is the only strong
// colour, always next to the state's word. Fluid from 360 px up: nothing has a
// fixed width, tables scroll inside their own box rather than the page.
export const STYLE = `*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:100%;line-height:1.5;color:#0b0c0c;background:#f3f2f1;-webkit-text-size-adjust:100%}
body{margin:0}
a{color:#1d70b8}a:visited{color:#4c2c92}a:hover{color:#003078}
a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
a:focus{background:#fd0;color:#0b0c0c;text-decoration:none}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;padding:.5rem;z-index:1}
header{background:#0b0c0c;color:#fff;border-bottom:8px solid #b10e1e}
header .wrap{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding-top:.75rem;padding-bottom:.75rem}
header a,header a:visited{color:#fff}
.brand{font-weight:700;font-size:1.2rem;text-decoration:none;margin-right:auto}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav form{display:inline;margin:0}
.linklike{background:none;border:0;padding:0;font:inherit;color:#fff;text-decoration:underline;cursor:pointer}
.who{width:100%;font-size:.9rem;color:#d8d8d8;margin:0}
.wrap{max-width:64rem;margin:0 auto;padding:0 1rem}
main{background:#fff;padding:1.5rem 0 2.5rem;min-height:60vh}
h1{font-size:2rem;line-height:1.2;margin:0 0 1.5rem}
h2{font-size:1.5rem;line-height:1.25;margin:2rem 0 1rem}
p,ul,ol,dl{margin:0 0 1rem}
.lead{font-size:1.15rem}
.hint{color:#505a5f;margin:0 0 .4rem}
label{display:block;font-weight:700;margin-bottom:.25rem}
input[type=email],input[type=text],textarea{display:block;width:100%;max-width:40rem;font:inherit;padding:.4rem;border:2px solid #0b0c0c;border-radius:0}
textarea{min-height:12rem}
.field{margin-bottom:1.5rem}
.field.invalid{border-left:5px solid #d4351c;padding-left:.9rem}
.field.invalid input,.field.invalid textarea{border-color:#d4351c}
.field-error{color:#d4351c;font-weight:700;margin:0 0 .4rem}
button,.button{display:inline-block;font:inherit;font-weight:600;color:#fff;background:#00703c;border:0;border-bottom:2px solid #002d18;padding:.5rem 1rem;cursor:pointer;text-decoration:none}
.button:visited,.button:hover{color:#fff}
.button.secondary{background:#f3f2f1;color:#0b0c0c;border-bottom-color:#929191}
.error-summary{border:5px solid #d4351c;padding:1rem;margin-bottom:2rem}
.error-summary h2{margin-top:0;font-size:1.25rem}
.error-summary a{color:#d4351c;font-weight:700}
.panel{background:#00703c;color:#fff;padding:1.25rem;margin-bottom:2rem}
.panel h2{margin:0;font-size:1.5rem}.panel p{margin:.5rem 0 0}
.notice{border-left:10px solid #b10e1e;background:#fdf2f2;padding:.75rem 1rem;margin-bottom:1.5rem}
.notice.info{border-left-color:#1d70b8;background:#f1f6fb}
.summary{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;border-top:1px solid #b1b4b6;margin-bottom:1.5rem}
.summary dt,.summary dd{margin:0;padding:.6rem 1rem .6rem 0;border-bottom:1px solid #b1b4b6}
.summary dt{font-weight:700}
@media (max-width:40rem){.summary{grid-template-columns:1fr}.summary dt{border-bottom:0;padding-bottom:0}}
.scroll{overflow-x:auto;margin-bottom:1.5rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.6rem 1rem .6rem 0;border-bottom:1px solid #b1b4b6;vertical-align:top}
td.num,th.num{text-align:right}
.subject{overflow-wrap:anywhere}
.requests{list-style:none;padding:0;margin:0 0 1.5rem;border-top:1px solid #b1b4b6}
.requests li{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;padding:.75rem 0;border-bottom:1px solid #b1b4b6}
.requests .subject{flex:1 1 14rem;min-width:0}
.requests .meta{color:#505a5f;font-size:.95rem}
.tag{display:inline-block;font-weight:700;font-size:.9rem;padding:.1rem .5rem;border-left:.6rem solid;white-space:normal}
.tag.red{background:#f6d7d2;color:#5a0d0d;border-color:#b10e1e}
.tag.orange{background:#fcd6c3;color:#5c2a00;border-color:#d35400}
.tag.green{background:#cce2d8;color:#005a30;border-color:#00703c}
.timeline{list-style:none;padding:0;border-left:3px solid #b1b4b6;margin-left:.5rem}
.timeline li{padding:0 0 1rem 1rem}
.timeline time{display:block;color:#505a5f;font-size:.95rem}
.pagination{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin-bottom:1.5rem}
.pre{white-space:pre-wrap;overflow-wrap:anywhere}
footer{padding:1.5rem 0;color:#505a5f;font-size:.9rem}
`;
