tkShard("40-68",[
["@handle",1,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en","@handle"]
]);
