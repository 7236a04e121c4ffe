tkShard("27-3d",[
["'=quoted",1,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en","'=quoted"]
]);
