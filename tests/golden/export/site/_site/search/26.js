tkShard("26",[
["a <b>bold</b> & [[link]] {{tpl}} | pipe",0,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en",""]
]);
