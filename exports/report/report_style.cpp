#include "report/report_style.hpp"

namespace gapfinder::report {

// Text #0b0c0c on white (19:1), links #1d4ed8-like #1d70b8 (5.2:1), secondary text
// #505a5f (7:1): every pair is above WCAG 2.2 AA's 4.5:1. The focus outline is a thick
// yellow and black pair, visible on any background. Print: no navigation, no page
// break inside a chart or a table row, links show nothing extra.
const char* report_css() {
    return R"css(*,*::before,*::after{box-sizing:border-box}
html{font-family:Arial,Helvetica,sans-serif;font-size:100%;line-height:1.45;color:#0b0c0c;background:#ffffff}
body{margin:0 auto;max-width:70rem;padding:0 1rem 2rem}
a{color:#1d70b8;text-decoration:underline;text-underline-offset:.15em}
a:visited{color:#4c2c92}
a:focus,summary:focus,.scroll:focus{outline:3px solid #0b0c0c;box-shadow:0 0 0 6px #ffdd00;outline-offset:0}
.skip{position:absolute;left:-9999px;top:0}
.skip:focus{position:static;display:inline-block;margin:.5rem 0;padding:.25rem .5rem;background:#ffdd00;color:#0b0c0c}
header{border-bottom:10px solid #1d70b8;padding:1rem 0 .5rem;margin-bottom:1rem}
.kicker{color:#505a5f;margin:0}
h1{font-size:2rem;line-height:1.15;margin:.25rem 0 .5rem}
h2{font-size:1.5rem;margin:2.5rem 0 .75rem;padding-top:.5rem;border-top:2px solid #b1b4b6}
h3{font-size:1.2rem;margin:1.75rem 0 .5rem}
nav ol{columns:2;margin:0;padding-left:1.5rem}
nav li{padding:.15rem 0}
code{font-family:"Courier New",Courier,monospace;font-size:.95em;background:#f3f2f1;padding:0 .2em}
abbr[title]{text-decoration:underline dotted}
figure{margin:1rem 0;break-inside:avoid}
figcaption{color:#505a5f;font-size:.95rem;margin-top:.25rem}
.gf-chart{display:block;max-width:100%;height:auto}
.scroll{overflow-x:auto;margin:.5rem 0 1rem}
.gf-table{border-collapse:collapse;width:100%;font-size:.9rem}
.gf-table caption{text-align:left;font-weight:bold;padding:.25rem 0 .5rem}
.gf-table th,.gf-table td{border-bottom:1px solid #b1b4b6;padding:.3rem .5rem .3rem 0;text-align:left;vertical-align:top}
.gf-table thead th{border-bottom:2px solid #0b0c0c}
.gf-table tbody th{font-weight:normal}
.gf-table .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.gf-table tr.flagged td,.gf-table tr.flagged th{font-weight:bold}
.gf-table tr.suppressed td{font-style:italic;color:#505a5f}
.gf-grid td{white-space:nowrap}
details{margin:.5rem 0 1rem}
summary{cursor:pointer;color:#1d70b8;text-decoration:underline}
.note{color:#505a5f;font-size:.95rem}
.gf-in-brief{border-left:6px solid #1d70b8;padding:.1rem 1rem;margin:1.5rem 0}
.gf-in-brief h2{border-top:none;margin-top:.75rem}
.gf-headline li{font-size:1.15rem;margin:.5rem 0}
footer{margin-top:3rem;border-top:2px solid #b1b4b6;color:#505a5f;font-size:.9rem}
@media print{
 body{max-width:none;padding:0}
 nav,.skip{display:none}
 a{color:#0b0c0c}
 h2,h3{break-after:avoid}
 tr{break-inside:avoid}
 .scroll{overflow:visible}
 .appendix{break-before:page}
 .appendix table{font-size:7.5pt}
 .appendix td,.appendix th{padding:.1rem .25rem}
}
)css";
}

}  // namespace gapfinder::report
