(function(){var v="__VERSION__";function poll(){fetch("__POLL_PATH__?v="+v,{cache:"no-store"})
.then(function(r){return r.json()}).then(function(d){if(d.version===v){poll();return}
if(d.kind==="css"&&!document.getElementById("roadbook-overlay")){v=d.version;
document.querySelectorAll('link[rel=stylesheet]').forEach(function(l){l.href=l.href.split("?")[0]+"?v="+v});poll()}
else{location.reload()}}).catch(function(){setTimeout(poll,1000)})}poll()})();
