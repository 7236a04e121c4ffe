tkShard("5b-5b",[
["a <b>bold</b> & [[link]] {{tpl}} | pipe",0,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en",""]
]);
